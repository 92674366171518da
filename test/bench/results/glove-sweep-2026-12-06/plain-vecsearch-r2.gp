# recall@10 vs queries per second; written by vecsearch-bench plot from:
#   /work/main/test/bench/results/glove-sweep-2026-12-06/plain-vecsearch-r2.json
set terminal pngcairo size 1000,700 noenhanced
set output '/work/main/test/bench/results/glove-sweep-2026-12-06/plain-vecsearch-r2.png'
set title 'recall@10 vs QPS: ../shared/datasets/glove-100-cosine'
set xlabel 'recall@10'
set ylabel 'queries per second (log scale)'
set logscale y
set grid
set key bottom left box opaque
$curve0 << EOD
0.702959 4028.41 10
0.802413 2876.54 20
0.885561 1839.27 40
0.933212 1209.03 80
0.967151 701.873 160
0.985812 380.477 320
0.995314 213.274 640
0.998559 138.723 1000
EOD
$curve1 << EOD
0.702047 7259.04 10
0.800903 5115.55 20
0.884355 3430.11 40
0.933704 2139.15 80
0.966061 1307.98 160
0.986275 718.632 320
0.995155 387.497 640
0.998288 256.644 1000
EOD
plot $curve0 using 1:2 with linespoints linewidth 2 linecolor rgb '#1f77b4' title 'vecsearch, 1 client', $curve0 using 1:2:3 with labels offset 0.6,0.6 font ',8' notitle, \
    $curve1 using 1:2 with linespoints linewidth 2 linecolor rgb '#d62728' title 'vecsearch, 4 clients', $curve1 using 1:2:3 with labels offset 0.6,0.6 font ',8' notitle
