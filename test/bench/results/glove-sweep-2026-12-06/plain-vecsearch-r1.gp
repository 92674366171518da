# recall@10 vs queries per second; written by vecsearch-bench plot from:
#   /work/main/test/bench/results/glove-sweep-2026-12-06/plain-vecsearch-r1.json
set terminal pngcairo size 1000,700 noenhanced
set output '/work/main/test/bench/results/glove-sweep-2026-12-06/plain-vecsearch-r1.png'
set title 'recall@10 vs QPS: ../shared/datasets/glove-100-cosine'
set xlabel 'recall@10'
set ylabel 'queries per second (log scale)'
set logscale y
set grid
set key bottom left box opaque
$curve0 << EOD
0.702309 4009.71 10
0.801626 2940.12 20
0.886058 1869.03 40
0.932912 1186.06 80
0.967308 696.7 160
0.9857 387.246 320
0.995425 218.453 640
0.997928 144.775 1000
EOD
$curve1 << EOD
0.702034 7473.58 10
0.801613 5071.02 20
0.884424 3535.35 40
0.933543 2229.24 80
0.966064 1314.48 160
0.986008 739.329 320
0.995115 392.282 640
0.998312 260.131 1000
EOD
plot $curve0 using 1:2 with linespoints linewidth 2 linecolor rgb '#1f77b4' title 'vecsearch, 1 client', $curve0 using 1:2:3 with labels offset 0.6,0.6 font ',8' notitle, \
    $curve1 using 1:2 with linespoints linewidth 2 linecolor rgb '#d62728' title 'vecsearch, 4 clients', $curve1 using 1:2:3 with labels offset 0.6,0.6 font ',8' notitle
