# recall@10 vs queries per second; written by vecsearch-bench plot from:
#   test/bench/results/syn1m-sweep-2026-11-23b/syn1m-vecsearch-r2.json
#   test/bench/results/syn1m-sweep-2026-11-23b/syn1m-vector-r2.json
set terminal pngcairo size 1000,700 noenhanced
set output 'test/bench/results/syn1m-sweep-2026-11-23b/syn1m-r2.png'
set title 'recall@10 vs QPS: synthetic:1000000x128'
set xlabel 'recall@10'
set ylabel 'queries per second (log scale)'
set logscale y
set grid
set key bottom left box opaque
$curve0 << EOD
0.387759 2997.94 10
0.536443 2360.27 20
0.691424 1828.25 40
0.823535 1289.92 80
0.899001 880.774 160
0.937492 604.231 320
0.953405 484.431 480
0.958785 427.983 640
EOD
$curve1 << EOD
0.377081 1338.55 10
0.51847 938.559 20
0.662123 602.921 40
0.779631 346.408 80
0.846814 216.553 160
0.886621 144.847 320
0.899821 111.44 480
0.914889 99.2537 640
EOD
plot $curve0 using 1:2 with linespoints linewidth 2 title 'vecsearch', $curve0 using 1:2:3 with labels offset 0.6,0.6 font ',8' notitle, \
    $curve1 using 1:2 with linespoints linewidth 2 title 'pgvector', $curve1 using 1:2:3 with labels offset 0.6,0.6 font ',8' notitle
