#!/usr/bin/env bash
# PNG plots of a Fluxion output folder, made with gnuplot:
#   profile.png  the line profiles (profile-*.csv), one curve per output step
#   fluxes.png   the outward flux through each boundary against time
#   amount.png   the total amount against time
# Usage: scripts/plot.sh OUTPUT_FOLDER
set -euo pipefail
dir="${1:?usage: plot.sh OUTPUT_FOLDER}"
command -v gnuplot > /dev/null || { echo "plot.sh: gnuplot is not installed" >&2; exit 1; }
stats="$dir/statistics.csv"

# Column number of a header name in a CSV file.
column() { head -1 "$1" | tr ',' '\n' | grep -nx -- "$2" | cut -d: -f1; }

if ls "$dir"/profile-*.csv > /dev/null 2>&1; then
  files=$(ls "$dir"/profile-*.csv | awk '{a[NR]=$0} END {n=NR; s=(n>8)?int(n/8):1; for(i=1;i<=n;i+=s) print a[i]; if ((n-1)%s) print a[n]}')
  c=$(head -1 "$dir/profile.csv" | tr ',' '\n' | wc -l)
  plot=""
  for f in $files; do
    plot="$plot${plot:+, }'$f' using 1:$c with lines title '$(basename "$f" .csv)'"
  done
  gnuplot <<GP
set terminal pngcairo size 900,600
set output "$dir/profile.png"
set datafile separator ","
set key outside right
set xlabel "distance along the line [length unit]"
set ylabel "c"
set title "Concentration profiles"
set grid
plot $plot
GP
fi

if [ -f "$stats" ]; then
  t=$(column "$stats" "time \[s\]")
  plot=""
  for name in $(head -1 "$stats" | tr ',' '\n' | grep '^flux ' | grep -v '^flux total$' | sed 's/ /%20/g'); do
    n=$(column "$stats" "$(echo "$name" | sed 's/%20/ /g')")
    plot="$plot${plot:+, }'$stats' using $t:$n every ::1 with linespoints title '$(echo "$name" | sed 's/%20/ /g')'"
  done
  if [ -n "$plot" ]; then
    gnuplot <<GP
set terminal pngcairo size 900,600
set output "$dir/fluxes.png"
set datafile separator ","
set xlabel "time [s]"
set ylabel "outward flux [amount/s]"
set title "Fluxes through the boundaries"
set logscale x
set grid
plot $plot
GP
  fi
  a=$(column "$stats" "total amount" || true)
  if [ -n "$a" ]; then
    gnuplot <<GP
set terminal pngcairo size 900,600
set output "$dir/amount.png"
set datafile separator ","
set xlabel "time [s]"
set ylabel "total amount"
set title "Total amount"
set grid
plot '$stats' using $t:$a every ::1 with linespoints notitle
GP
  fi
fi
ls "$dir"/*.png 2> /dev/null | sed 's/^/plot: /'
