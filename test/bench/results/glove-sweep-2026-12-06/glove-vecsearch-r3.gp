# recall@10 vs queries per second; written by vecsearch-bench plot from:
#   /work/main/test/bench/results/glove-sweep-2026-12-06/glove-vecsearch-r3.json
set terminal pngcairo size 1000,700 noenhanced
set output '/work/main/test/bench/results/glove-sweep-2026-12-06/glove-vecsearch-r3.png'
set title 'recall@10 vs QPS: ../shared/datasets/glove-100-cosine'
set xlabel 'recall@10'
set ylabel 'queries per second (log scale)'
set logscale y
set grid
set key bottom left box opaque
$curve0 << EOD
0.701835 4186.15 10
0.801694 3023.08 20
0.883877 1996.98 40
0.934238 1237.77 80
0.967166 707.127 160
0.985778 404.994 320
0.995528 223.536 640
0.997965 147.276 1000
EOD
$curve1 << EOD
0.702592 7885.81 10
0.801162 5491.05 20
0.884185 3606.99 40
0.933305 2135.87 80
0.965936 1258.8 160
0.986024 736.395 320
0.995054 391.75 640
0.998284 256.469 1000
EOD
plot $curve0 using 1:2 with linespoints linewidth 2 linecolor rgb '#1f77b4' title 'vecsearch, 1 client', $curve0 using 1:2:3 with labels offset 0.6,0.6 font ',8' notitle, \
    $curve1 using 1:2 with linespoints linewidth 2 linecolor rgb '#d62728' title 'vecsearch, 4 clients', $curve1 using 1:2:3 with labels offset 0.6,0.6 font ',8' notitle
