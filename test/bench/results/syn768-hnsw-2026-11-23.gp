# recall@10 vs queries per second; written by vecsearch-bench plot from:
#   test/bench/results/syn768-vecsearch.json
#   test/bench/results/syn768-vector.json
set terminal pngcairo size 1000,700 noenhanced
set output 'test/bench/results/syn768-hnsw-2026-11-23.png'
set title 'recall@10 vs QPS: synthetic:100000x768'
set xlabel 'recall@10'
set ylabel 'queries per second (log scale)'
set logscale y
set grid
set key bottom left box opaque
$curve0 << EOD
0.65708 2059.34 10
0.807278 1832.77 20
0.919764 1170.7 40
0.963014 1098.79 80
0.979103 793.264 160
0.987625 659.251 320
0.993937 626.634 640
0.995316 473.888 1000
EOD
$curve1 << EOD
0.658059 1153.93 10
0.810708 842.244 20
0.920714 711.462 40
0.967657 531.75 80
0.980715 481.132 160
0.988671 397.154 320
0.991667 302.343 640
0.993116 214.79 1000
EOD
plot $curve0 using 1:2 with linespoints linewidth 2 title 'vecsearch', $curve0 using 1:2:3 with labels offset 0.6,0.6 font ',8' notitle, \
    $curve1 using 1:2 with linespoints linewidth 2 title 'pgvector', $curve1 using 1:2:3 with labels offset 0.6,0.6 font ',8' notitle
