# recall@10 vs queries per second; written by vecsearch-bench plot from:
#   test/bench/results/glove-sweep-vector.json
set terminal pngcairo size 1000,700 noenhanced
set output 'test/bench/results/glove-sweep-vector.png'
set title 'recall@10 vs QPS: ../shared/datasets/glove-100-cosine'
set xlabel 'recall@10'
set ylabel 'queries per second (log scale)'
set logscale y
set grid
set key bottom left box opaque
$curve0 << EOD
0.720813 1480.7 10
0.812376 1334.75 20
0.888825 873.298 40
0.937505 509.536 80
0.968378 218.084 160
0.990078 128.857 320
0.996867 82.8995 640
0.999281 55.5801 1000
EOD
$curve1 << EOD
0.718483 4093.05 10
0.810673 2967.83 20
0.886382 1866.5 40
0.934834 1034.92 80
0.96642 566.628 160
0.987101 337.341 320
0.994371 166.916 640
0.998701 107.304 1000
EOD
$curve2 << EOD
0.717307 4362.79 10
0.811452 2663.81 20
0.886081 1479.2 40
0.934795 788.36 80
0.967988 403.265 160
0.987561 243.866 320
0.996435 117.297 640
0.999211 75.4206 1000
EOD
$curve3 << EOD
0.718181 2641.9 10
0.812676 1771.56 20
0.886044 1150.77 40
0.935191 708.994 80
0.968533 395.426 160
0.98816 248.998 320
0.99521 137.063 640
0.999 78.8623 1000
EOD
plot $curve0 using 1:2 with linespoints linewidth 2 title 'pgvector, 1 client', $curve0 using 1:2:3 with labels offset 0.6,0.6 font ',8' notitle, \
    $curve1 using 1:2 with linespoints linewidth 2 title 'pgvector, 2 clients', $curve1 using 1:2:3 with labels offset 0.6,0.6 font ',8' notitle, \
    $curve2 using 1:2 with linespoints linewidth 2 title 'pgvector, 4 clients', $curve2 using 1:2:3 with labels offset 0.6,0.6 font ',8' notitle, \
    $curve3 using 1:2 with linespoints linewidth 2 title 'pgvector, 8 clients', $curve3 using 1:2:3 with labels offset 0.6,0.6 font ',8' notitle
