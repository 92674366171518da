# recall@10 vs queries per second; written by vecsearch-bench plot from:
#   test/bench/results/glove-sweep-vecsearch.json
set terminal pngcairo size 1000,700 noenhanced
set output 'test/bench/results/glove-sweep-vecsearch.png'
set title 'recall@10 vs QPS: ../shared/datasets/glove-100-cosine'
set xlabel 'recall@10'
set ylabel 'queries per second (log scale)'
set logscale y
set grid
set key bottom left box opaque
$curve0 << EOD
0.712189 2608.91 10
0.81191 2275.33 20
0.890189 1302.5 40
0.936239 979.551 80
0.968967 541.838 160
0.987024 294.233 320
0.995633 132.798 640
0.998387 111.542 1000
EOD
$curve1 << EOD
0.712985 8372.71 10
0.810068 5744.86 20
0.888004 3732.27 40
0.936236 2156.86 80
0.9682 1265.29 160
0.986068 678.757 320
0.994651 343.688 640
0.997214 201.025 1000
EOD
$curve2 << EOD
0.711505 6521.41 10
0.810251 4832.1 20
0.888145 3481.31 40
0.936738 2224.07 80
0.968598 1125.67 160
0.98598 570.006 320
0.994957 304.349 640
0.996987 172.132 1000
EOD
$curve3 << EOD
0.71207 7305.17 10
0.81053 5048.65 20
0.888044 3189.52 40
0.935851 1840.93 80
0.968836 968.599 160
0.985671 525.073 320
0.995298 283.888 640
0.996956 169.599 1000
EOD
plot $curve0 using 1:2 with linespoints linewidth 2 title 'vecsearch, 1 client', $curve0 using 1:2:3 with labels offset 0.6,0.6 font ',8' notitle, \
    $curve1 using 1:2 with linespoints linewidth 2 title 'vecsearch, 2 clients', $curve1 using 1:2:3 with labels offset 0.6,0.6 font ',8' notitle, \
    $curve2 using 1:2 with linespoints linewidth 2 title 'vecsearch, 4 clients', $curve2 using 1:2:3 with labels offset 0.6,0.6 font ',8' notitle, \
    $curve3 using 1:2 with linespoints linewidth 2 title 'vecsearch, 8 clients', $curve3 using 1:2:3 with labels offset 0.6,0.6 font ',8' notitle
