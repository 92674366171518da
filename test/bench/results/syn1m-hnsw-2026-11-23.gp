# recall@10 vs queries per second; written by vecsearch-bench plot from:
#   test/bench/results/syn1m-vecsearch.json
#   test/bench/results/syn1m-vector.json
set terminal pngcairo size 1000,700 noenhanced
set output 'test/bench/results/syn1m-hnsw-2026-11-23.png'
set title 'recall@10 vs QPS: synthetic:1000000x128'
set xlabel 'recall@10'
set ylabel 'queries per second (log scale)'
set logscale y
set grid
set key bottom left box opaque
$curve0 << EOD
0.387813 2592.87 10
0.53681 1660.18 20
0.691072 1406.58 40
0.823206 1000.48 80
0.898365 611.486 160
0.937866 444.182 320
EOD
$curve1 << EOD
0.376819 1038.7 10
0.517367 761.046 20
0.661195 568.893 40
0.77847 381.596 80
0.849108 235.275 160
0.884655 156.338 320
EOD
plot $curve0 using 1:2 with linespoints linewidth 2 title 'vecsearch', $curve0 using 1:2:3 with labels offset 0.6,0.6 font ',8' notitle, \
    $curve1 using 1:2 with linespoints linewidth 2 title 'pgvector', $curve1 using 1:2:3 with labels offset 0.6,0.6 font ',8' notitle
