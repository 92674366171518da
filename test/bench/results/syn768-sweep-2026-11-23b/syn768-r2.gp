# recall@10 vs queries per second; written by vecsearch-bench plot from:
#   test/bench/results/syn768-sweep-2026-11-23b/syn768-vecsearch-r2.json
#   test/bench/results/syn768-sweep-2026-11-23b/syn768-vector-r2.json
set terminal pngcairo size 1000,700 noenhanced
set output 'test/bench/results/syn768-sweep-2026-11-23b/syn768-r2.png'
set title 'recall@10 vs QPS: synthetic:100000x768'
set xlabel 'recall@10'
set ylabel 'queries per second (log scale)'
set logscale y
set grid
set key bottom left box opaque
$curve0 << EOD
0.663859 2225.05 10
0.819756 1986.14 20
0.927123 1504.93 40
0.973008 1392.95 80
0.987134 1187.46 160
0.990853 1010.14 320
0.994367 830.783 640
0.994576 564.119 1000
EOD
$curve1 << EOD
0.665708 1334.9 10
0.819543 1060.07 20
0.929802 789.098 40
0.973122 617.516 80
0.987457 527.716 160
0.993139 472.045 320
0.995122 360.72 640
0.995537 264.506 1000
EOD
plot $curve0 using 1:2 with linespoints linewidth 2 title 'vecsearch', $curve0 using 1:2:3 with labels offset 0.6,0.6 font ',8' notitle, \
    $curve1 using 1:2 with linespoints linewidth 2 title 'pgvector', $curve1 using 1:2:3 with labels offset 0.6,0.6 font ',8' notitle
