# recall@10 vs queries per second; written by vecsearch-bench plot from:
#   /work/main/test/bench/results/glove-sweep-2026-12-06/glove-vector-r2.json
set terminal pngcairo size 1000,700 noenhanced
set output '/work/main/test/bench/results/glove-sweep-2026-12-06/glove-vector-r2.png'
set title 'recall@10 vs QPS: ../shared/datasets/glove-100-cosine'
set xlabel 'recall@10'
set ylabel 'queries per second (log scale)'
set logscale y
set grid
set key bottom left box opaque
$curve0 << EOD
0.713681 2702.77 10
0.807162 1974.15 20
0.885463 1355.11 40
0.934461 762.355 80
0.968935 431.883 160
0.986622 236.142 320
0.995207 120.783 640
0.998595 85.2057 1000
EOD
$curve1 << EOD
0.711907 4833.49 10
0.807814 3308.57 20
0.884665 2179.15 40
0.935086 1304.03 80
0.968017 725.243 160
0.985392 407.466 320
0.99447 219.982 640
0.99744 139.881 1000
EOD
plot $curve0 using 1:2 with linespoints linewidth 2 linecolor rgb '#1f77b4' title 'pgvector, 1 client', $curve0 using 1:2:3 with labels offset 0.6,0.6 font ',8' notitle, \
    $curve1 using 1:2 with linespoints linewidth 2 linecolor rgb '#d62728' title 'pgvector, 4 clients', $curve1 using 1:2:3 with labels offset 0.6,0.6 font ',8' notitle
