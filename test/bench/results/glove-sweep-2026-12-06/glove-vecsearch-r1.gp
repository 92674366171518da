# recall@10 vs queries per second; written by vecsearch-bench plot from:
#   /work/main/test/bench/results/glove-sweep-2026-12-06/glove-vecsearch-r1.json
set terminal pngcairo size 1000,700 noenhanced
set output '/work/main/test/bench/results/glove-sweep-2026-12-06/glove-vecsearch-r1.png'
set title 'recall@10 vs QPS: ../shared/datasets/glove-100-cosine'
set xlabel 'recall@10'
set ylabel 'queries per second (log scale)'
set logscale y
set grid
set key bottom left box opaque
$curve0 << EOD
0.702572 3949.83 10
0.800806 2978.07 20
0.884088 1979.5 40
0.934473 1246.17 80
0.967139 705.27 160
0.985757 404.371 320
0.99552 223.138 640
0.998559 138.72 1000
EOD
$curve1 << EOD
0.702069 7473.17 10
0.801644 5365.32 20
0.885076 3604.36 40
0.933807 2224.33 80
0.966004 1286.45 160
0.986248 721.956 320
0.995054 388.103 640
0.998318 260.642 1000
EOD
plot $curve0 using 1:2 with linespoints linewidth 2 linecolor rgb '#1f77b4' title 'vecsearch, 1 client', $curve0 using 1:2:3 with labels offset 0.6,0.6 font ',8' notitle, \
    $curve1 using 1:2 with linespoints linewidth 2 linecolor rgb '#d62728' title 'vecsearch, 4 clients', $curve1 using 1:2:3 with labels offset 0.6,0.6 font ',8' notitle
