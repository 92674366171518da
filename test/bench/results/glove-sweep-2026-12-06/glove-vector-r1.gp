# recall@10 vs queries per second; written by vecsearch-bench plot from:
#   /work/main/test/bench/results/glove-sweep-2026-12-06/glove-vector-r1.json
set terminal pngcairo size 1000,700 noenhanced
set output '/work/main/test/bench/results/glove-sweep-2026-12-06/glove-vector-r1.png'
set title 'recall@10 vs QPS: ../shared/datasets/glove-100-cosine'
set xlabel 'recall@10'
set ylabel 'queries per second (log scale)'
set logscale y
set grid
set key bottom left box opaque
$curve0 << EOD
0.713295 2912.26 10
0.808925 1915.75 20
0.886282 1228.84 40
0.935652 733.183 80
0.968217 417.081 160
0.987068 248.868 320
0.994864 139.997 640
0.998337 96.1942 1000
EOD
$curve1 << EOD
0.712724 4936.15 10
0.808243 3553.65 20
0.885687 2200.79 40
0.935115 1327.52 80
0.968097 718.35 160
0.985185 399.253 320
0.994326 214.416 640
0.997678 145.732 1000
EOD
plot $curve0 using 1:2 with linespoints linewidth 2 linecolor rgb '#1f77b4' title 'pgvector, 1 client', $curve0 using 1:2:3 with labels offset 0.6,0.6 font ',8' notitle, \
    $curve1 using 1:2 with linespoints linewidth 2 linecolor rgb '#d62728' title 'pgvector, 4 clients', $curve1 using 1:2:3 with labels offset 0.6,0.6 font ',8' notitle
