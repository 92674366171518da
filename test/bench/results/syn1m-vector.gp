# recall@10 vs queries per second; written by vecsearch-bench plot from:
#   test/bench/results/syn1m-vector.json
set terminal pngcairo size 1000,700 noenhanced
set output 'test/bench/results/syn1m-vector.png'
set title 'recall@10 vs QPS: synthetic:1000000x128'
set xlabel 'recall@10'
set ylabel 'queries per second (log scale)'
set logscale y
set grid
set key bottom left box opaque
$curve0 << EOD
0.376819 1038.7 10
0.517367 761.046 20
0.661195 568.893 40
0.77847 381.596 80
0.849108 235.275 160
0.884655 156.338 320
EOD
plot $curve0 using 1:2 with linespoints linewidth 2 title 'pgvector', $curve0 using 1:2:3 with labels offset 0.6,0.6 font ',8' notitle
