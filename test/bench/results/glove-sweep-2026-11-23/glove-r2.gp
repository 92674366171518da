# recall@10 vs queries per second; written by vecsearch-bench plot from:
#   test/bench/results/glove-sweep-2026-11-23/glove-vecsearch-r2.json
#   test/bench/results/glove-sweep-2026-11-23/glove-vector-r2.json
set terminal pngcairo size 1000,700 noenhanced
set output 'test/bench/results/glove-sweep-2026-11-23/glove-r2.png'
set title 'recall@10 vs QPS: ../shared/datasets/glove-100-cosine'
set xlabel 'recall@10'
set ylabel 'queries per second (log scale)'
set logscale y
set grid
set key bottom left box opaque
$curve0 << EOD
0.702049 3562.95 10
0.807987 2498.91 20
0.886973 1736.26 40
0.936127 1138.11 80
0.968076 628.951 160
0.987015 324.766 320
0.995276 152.252 640
0.999022 101.991 1000
EOD
$curve1 << EOD
0.702319 7942.48 10
0.808475 5370.45 20
0.887239 3563.7 40
0.935393 2155.71 80
0.967683 1305.61 160
0.985671 793.796 320
0.994722 428.082 640
0.997875 282.025 1000
EOD
$curve2 << EOD
0.702089 9563.48 10
0.806707 6660.99 20
0.886055 3633.31 40
0.935351 2414.99 80
0.967511 1247.3 160
0.986364 690.051 320
0.994863 349.961 640
0.99717 190.159 1000
EOD
$curve3 << EOD
0.702365 8168.33 10
0.807427 5550.6 20
0.886479 3367.67 40
0.935428 1966.38 80
0.967786 1178.4 160
0.985912 606.937 320
0.995208 320.823 640
0.997106 171.796 1000
EOD
$curve4 << EOD
0.711713 1657.9 10
0.807267 1312.67 20
0.888142 937.721 40
0.936951 560.123 80
0.969833 324.115 160
0.98638 171.706 320
0.997216 93.2367 640
0.999695 65.3746 1000
EOD
$curve5 << EOD
0.708826 5191.05 10
0.804317 3339.61 20
0.887571 1896.81 40
0.937171 1130.54 80
0.967475 569.188 160
0.987088 309.595 320
0.994708 147.237 640
0.9988 99.6214 1000
EOD
$curve6 << EOD
0.708114 3969.34 10
0.80539 2607.68 20
0.887384 1811.39 40
0.936441 1146.74 80
0.969173 688.577 160
0.985268 384.394 320
0.99431 164.639 640
0.99808 124.116 1000
EOD
$curve7 << EOD
0.708552 4010.89 10
0.805173 2595.81 20
0.887077 1482.39 40
0.937629 849.007 80
0.969881 483.843 160
0.986792 242.629 320
0.995419 125.443 640
0.999499 78.8254 1000
EOD
plot $curve0 using 1:2 with linespoints linewidth 2 title 'vecsearch, 1 client', $curve0 using 1:2:3 with labels offset 0.6,0.6 font ',8' notitle, \
    $curve1 using 1:2 with linespoints linewidth 2 title 'vecsearch, 2 clients', $curve1 using 1:2:3 with labels offset 0.6,0.6 font ',8' notitle, \
    $curve2 using 1:2 with linespoints linewidth 2 title 'vecsearch, 4 clients', $curve2 using 1:2:3 with labels offset 0.6,0.6 font ',8' notitle, \
    $curve3 using 1:2 with linespoints linewidth 2 title 'vecsearch, 8 clients', $curve3 using 1:2:3 with labels offset 0.6,0.6 font ',8' notitle, \
    $curve4 using 1:2 with linespoints linewidth 2 title 'pgvector, 1 client', $curve4 using 1:2:3 with labels offset 0.6,0.6 font ',8' notitle, \
    $curve5 using 1:2 with linespoints linewidth 2 title 'pgvector, 2 clients', $curve5 using 1:2:3 with labels offset 0.6,0.6 font ',8' notitle, \
    $curve6 using 1:2 with linespoints linewidth 2 title 'pgvector, 4 clients', $curve6 using 1:2:3 with labels offset 0.6,0.6 font ',8' notitle, \
    $curve7 using 1:2 with linespoints linewidth 2 title 'pgvector, 8 clients', $curve7 using 1:2:3 with labels offset 0.6,0.6 font ',8' notitle
