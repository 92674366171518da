# recall@10 vs queries per second; written by vecsearch-bench plot from:
#   /work/main/test/bench/results/glove-sweep-2026-12-06/plain-vector-r1.json
set terminal pngcairo size 1000,700 noenhanced
set output '/work/main/test/bench/results/glove-sweep-2026-12-06/plain-vector-r1.png'
set title 'recall@10 vs QPS: ../shared/datasets/glove-100-cosine'
set xlabel 'recall@10'
set ylabel 'queries per second (log scale)'
set logscale y
set grid
set key bottom left box opaque
$curve0 << EOD
0.713568 2869.85 10
0.807798 2146.69 20
0.886345 1436.77 40
0.936381 855.254 80
0.969619 483.07 160
0.987528 270.768 320
0.99464 141.698 640
0.998323 95.2624 1000
EOD
$curve1 << EOD
0.711814 5875.12 10
0.807287 3718.22 20
0.88533 2495.52 40
0.934912 1508.64 80
0.967893 825.366 160
0.986265 460.692 320
0.994705 229.528 640
0.997461 141.018 1000
EOD
plot $curve0 using 1:2 with linespoints linewidth 2 linecolor rgb '#1f77b4' title 'pgvector, 1 client', $curve0 using 1:2:3 with labels offset 0.6,0.6 font ',8' notitle, \
    $curve1 using 1:2 with linespoints linewidth 2 linecolor rgb '#d62728' title 'pgvector, 4 clients', $curve1 using 1:2:3 with labels offset 0.6,0.6 font ',8' notitle
