# recall@10 vs queries per second; written by vecsearch-bench plot from:
#   /work/main/test/bench/results/glove-sweep-2026-12-06/glove-vector-r3.json
set terminal pngcairo size 1000,700 noenhanced
set output '/work/main/test/bench/results/glove-sweep-2026-12-06/glove-vector-r3.png'
set title 'recall@10 vs QPS: ../shared/datasets/glove-100-cosine'
set xlabel 'recall@10'
set ylabel 'queries per second (log scale)'
set logscale y
set grid
set key bottom left box opaque
$curve0 << EOD
0.712669 2730.85 10
0.807822 1950.67 20
0.884852 1375.65 40
0.935355 830.805 80
0.969388 440.976 160
0.987392 255.209 320
0.995254 122.135 640
0.998547 82.4426 1000
EOD
$curve1 << EOD
0.712182 4794.61 10
0.808154 3494.18 20
0.885797 2217.21 40
0.934627 1417.63 80
0.968549 772.013 160
0.985324 395.256 320
0.994718 226.675 640
0.99747 133.765 1000
EOD
plot $curve0 using 1:2 with linespoints linewidth 2 linecolor rgb '#1f77b4' title 'pgvector, 1 client', $curve0 using 1:2:3 with labels offset 0.6,0.6 font ',8' notitle, \
    $curve1 using 1:2 with linespoints linewidth 2 linecolor rgb '#d62728' title 'pgvector, 4 clients', $curve1 using 1:2:3 with labels offset 0.6,0.6 font ',8' notitle
