# recall@10 vs queries per second; written by vecsearch-bench plot from:
#   /work/main/test/bench/results/glove-sweep-2026-12-06/plain-vecsearch-r3.json
set terminal pngcairo size 1000,700 noenhanced
set output '/work/main/test/bench/results/glove-sweep-2026-12-06/plain-vecsearch-r3.png'
set title 'recall@10 vs QPS: ../shared/datasets/glove-100-cosine'
set xlabel 'recall@10'
set ylabel 'queries per second (log scale)'
set logscale y
set grid
set key bottom left box opaque
$curve0 << EOD
0.703273 4112.9 10
0.800895 2973.37 20
0.884734 1955.76 40
0.933129 1176.51 80
0.966816 712.248 160
0.985679 402.172 320
0.995599 226.957 640
0.997962 147.155 1000
EOD
$curve1 << EOD
0.702325 7835.06 10
0.801147 5424.13 20
0.884835 3467.34 40
0.933715 2284.31 80
0.965948 1318.13 160
0.985814 741.641 320
0.994987 382.725 640
0.998342 264.831 1000
EOD
plot $curve0 using 1:2 with linespoints linewidth 2 linecolor rgb '#1f77b4' title 'vecsearch, 1 client', $curve0 using 1:2:3 with labels offset 0.6,0.6 font ',8' notitle, \
    $curve1 using 1:2 with linespoints linewidth 2 linecolor rgb '#d62728' title 'vecsearch, 4 clients', $curve1 using 1:2:3 with labels offset 0.6,0.6 font ',8' notitle
