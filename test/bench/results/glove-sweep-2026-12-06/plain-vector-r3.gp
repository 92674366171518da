# recall@10 vs queries per second; written by vecsearch-bench plot from:
#   /work/main/test/bench/results/glove-sweep-2026-12-06/plain-vector-r3.json
set terminal pngcairo size 1000,700 noenhanced
set output '/work/main/test/bench/results/glove-sweep-2026-12-06/plain-vector-r3.png'
set title 'recall@10 vs QPS: ../shared/datasets/glove-100-cosine'
set xlabel 'recall@10'
set ylabel 'queries per second (log scale)'
set logscale y
set grid
set key bottom left box opaque
$curve0 << EOD
0.712423 2941.33 10
0.809401 1878.42 20
0.886179 1433.81 40
0.936266 852.406 80
0.969551 480.647 160
0.986756 238.597 320
0.995261 126.461 640
0.99819 88.3954 1000
EOD
$curve1 << EOD
0.712481 4925.41 10
0.807593 3413.23 20
0.884727 2361.13 40
0.934985 1508.26 80
0.967216 776.63 160
0.986064 440.021 320
0.994737 238.912 640
0.997266 152.873 1000
EOD
plot $curve0 using 1:2 with linespoints linewidth 2 linecolor rgb '#1f77b4' title 'pgvector, 1 client', $curve0 using 1:2:3 with labels offset 0.6,0.6 font ',8' notitle, \
    $curve1 using 1:2 with linespoints linewidth 2 linecolor rgb '#d62728' title 'pgvector, 4 clients', $curve1 using 1:2:3 with labels offset 0.6,0.6 font ',8' notitle
