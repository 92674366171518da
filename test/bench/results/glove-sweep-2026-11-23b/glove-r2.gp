# recall@10 vs queries per second; written by vecsearch-bench plot from:
#   test/bench/results/glove-sweep-2026-11-23b/glove-vecsearch-r2.json
#   test/bench/results/glove-sweep-2026-11-23b/glove-vector-r2.json
set terminal pngcairo size 1000,700 noenhanced
set output 'test/bench/results/glove-sweep-2026-11-23b/glove-r2.png'
set title 'recall@10 vs QPS: ../shared/datasets/glove-100-cosine'
set xlabel 'recall@10'
set ylabel 'queries per second (log scale)'
set logscale y
set grid
set key bottom left box opaque
$curve0 << EOD
0.700843 4390.54 10
0.805756 3471.15 20
0.884668 2592.99 40
0.936347 1712.2 80
0.966018 986.224 160
0.985367 616.237 320
0.995586 326.019 640
0.997653 221.537 1000
EOD
$curve1 << EOD
0.701337 12593.5 10
0.804812 9405.25 20
0.885095 6185.77 40
0.935477 3716.3 80
0.966552 2029.06 160
0.985491 1240.26 320
0.995286 661.174 640
0.997516 410.154 1000
EOD
$curve2 << EOD
0.701269 11281.9 10
0.804499 6871.99 20
0.884945 5388.49 40
0.935509 3297.07 80
0.966494 1892.68 160
0.985541 974.355 320
0.995019 585.607 640
0.997487 373.721 1000
EOD
$curve3 << EOD
0.701638 10839.4 10
0.804911 7397.84 20
0.884976 4910.42 40
0.935336 2805.11 80
0.966535 1722.45 160
0.985248 992.453 320
0.995222 534.606 640
0.997612 350.193 1000
EOD
$curve4 << EOD
0.703113 1965.81 10
0.807959 1399.43 20
0.887719 946.041 40
0.932638 584.491 80
0.966807 332.538 160
0.984744 179.382 320
0.996781 93.0284 640
0.999377 64.1242 1000
EOD
$curve5 << EOD
0.703498 6105.4 10
0.808826 4137.41 20
0.886603 2607.8 40
0.934079 1663.26 80
0.965974 702.922 160
0.985767 324.306 320
0.993688 180.228 640
0.998209 133.685 1000
EOD
$curve6 << EOD
0.703323 4133.78 10
0.809695 2585.68 20
0.886227 1684 40
0.933279 1109.72 80
0.965912 609.014 160
0.985116 352.866 320
0.993853 168.975 640
0.998866 105.487 1000
EOD
$curve7 << EOD
0.703021 4220.78 10
0.808815 2847.98 20
0.886448 1799.81 40
0.932949 1074.16 80
0.965352 561.347 160
0.985742 307.283 320
0.994641 151.55 640
0.998833 101.988 1000
EOD
plot $curve0 using 1:2 with linespoints linewidth 2 title 'vecsearch, 1 client', $curve0 using 1:2:3 with labels offset 0.6,0.6 font ',8' notitle, \
    $curve1 using 1:2 with linespoints linewidth 2 title 'vecsearch, 2 clients', $curve1 using 1:2:3 with labels offset 0.6,0.6 font ',8' notitle, \
    $curve2 using 1:2 with linespoints linewidth 2 title 'vecsearch, 4 clients', $curve2 using 1:2:3 with labels offset 0.6,0.6 font ',8' notitle, \
    $curve3 using 1:2 with linespoints linewidth 2 title 'vecsearch, 8 clients', $curve3 using 1:2:3 with labels offset 0.6,0.6 font ',8' notitle, \
    $curve4 using 1:2 with linespoints linewidth 2 title 'pgvector, 1 client', $curve4 using 1:2:3 with labels offset 0.6,0.6 font ',8' notitle, \
    $curve5 using 1:2 with linespoints linewidth 2 title 'pgvector, 2 clients', $curve5 using 1:2:3 with labels offset 0.6,0.6 font ',8' notitle, \
    $curve6 using 1:2 with linespoints linewidth 2 title 'pgvector, 4 clients', $curve6 using 1:2:3 with labels offset 0.6,0.6 font ',8' notitle, \
    $curve7 using 1:2 with linespoints linewidth 2 title 'pgvector, 8 clients', $curve7 using 1:2:3 with labels offset 0.6,0.6 font ',8' notitle
