# recall@10 vs queries per second; written by vecsearch-bench plot from:
#   /work/main/test/bench/results/glove-sweep-2026-12-06/glove-vecsearch-r2.json
set terminal pngcairo size 1000,700 noenhanced
set output '/work/main/test/bench/results/glove-sweep-2026-12-06/glove-vecsearch-r2.png'
set title 'recall@10 vs QPS: ../shared/datasets/glove-100-cosine'
set xlabel 'recall@10'
set ylabel 'queries per second (log scale)'
set logscale y
set grid
set key bottom left box opaque
$curve0 << EOD
0.703517 4054.76 10
0.800641 2995.75 20
0.884575 1965.43 40
0.933503 1217.17 80
0.967104 700.758 160
0.985804 380.346 320
0.995287 212.109 640
0.998547 137.421 1000
EOD
$curve1 << EOD
0.702542 7173.98 10
0.801474 5114.86 20
0.884641 3430.4 40
0.93349 2131.36 80
0.965683 1253.4 160
0.986597 685.645 320
0.995185 377.314 640
0.998272 253.985 1000
EOD
plot $curve0 using 1:2 with linespoints linewidth 2 linecolor rgb '#1f77b4' title 'vecsearch, 1 client', $curve0 using 1:2:3 with labels offset 0.6,0.6 font ',8' notitle, \
    $curve1 using 1:2 with linespoints linewidth 2 linecolor rgb '#d62728' title 'vecsearch, 4 clients', $curve1 using 1:2:3 with labels offset 0.6,0.6 font ',8' notitle
