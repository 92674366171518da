# recall@10 vs queries per second; written by vecsearch-bench plot from:
#   /work/main/test/bench/results/glove-sweep-2026-12-06/plain-vector-r2.json
set terminal pngcairo size 1000,700 noenhanced
set output '/work/main/test/bench/results/glove-sweep-2026-12-06/plain-vector-r2.png'
set title 'recall@10 vs QPS: ../shared/datasets/glove-100-cosine'
set xlabel 'recall@10'
set ylabel 'queries per second (log scale)'
set logscale y
set grid
set key bottom left box opaque
$curve0 << EOD
0.713581 2877.54 10
0.808091 2142.96 20
0.88599 1428.94 40
0.933643 795.863 80
0.969824 477.137 160
0.987442 257.726 320
0.995122 122.905 640
0.998301 94.0784 1000
EOD
$curve1 << EOD
0.711913 5807.39 10
0.806787 3588.36 20
0.884904 2323.65 40
0.934065 1365.15 80
0.967617 749.516 160
0.986496 460.169 320
0.994859 248.525 640
0.997321 156.371 1000
EOD
plot $curve0 using 1:2 with linespoints linewidth 2 linecolor rgb '#1f77b4' title 'pgvector, 1 client', $curve0 using 1:2:3 with labels offset 0.6,0.6 font ',8' notitle, \
    $curve1 using 1:2 with linespoints linewidth 2 linecolor rgb '#d62728' title 'pgvector, 4 clients', $curve1 using 1:2:3 with labels offset 0.6,0.6 font ',8' notitle
