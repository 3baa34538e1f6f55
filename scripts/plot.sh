#!/usr/bin/env bash
# PNG plots of a Fluxion output folder, made with gnuplot:
#   profile.png  the line profiles (profile-*.csv), one curve per output step
#   fluxes.png   the outward flux through each boundary against time
#   amount.png   the total amount against time
#   depth_profile.png  dopant concentrations and |net doping| against depth
#                      (log scale) at the last output step
#   dose.png     dose and surface concentration of each dopant against time
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
if [ -f "$dir/depth_profile.csv" ]; then
  n=$(head -1 "$dir/depth_profile.csv" | tr ',' '\n' | wc -l)
  plot=""
  for ((k = 2; k < n; k++)); do
    name=$(head -1 "$dir/depth_profile.csv" | cut -d, -f$k | sed 's/ \[.*//')
    plot="$plot${plot:+, }'$dir/depth_profile.csv' using 1:(\$$k > 0 ? \$$k : 1/0) with lines lw 2 title '$name'"
  done
  plot="$plot, '$dir/depth_profile.csv' using 1:(abs(\$$n)) with lines dt 2 title '|net doping|'"
  gnuplot <<GP
set terminal pngcairo size 900,600
set output "$dir/depth_profile.png"
set datafile separator ","
set xlabel "depth [um]"
set ylabel "concentration [cm^-3]"
set logscale y
set format y "10^{%L}"
set yrange [1e14:*]
set title "Dopant profiles"
set grid
plot $plot
GP
fi
if [ -f "$stats" ] && head -1 "$stats" | grep -q "dose "; then
  t=$(column "$stats" "time \[s\]")
  plot=""
  for name in $(head -1 "$stats" | tr ',' '\n' | grep -E '^(dose|surface) ' | sed 's/ /%20/g'); do
    label=$(echo "$name" | sed 's/%20/ /g')
    c=$(column "$stats" "$(echo "$label" | sed 's/\[/\\[/g; s/\]/\\]/g; s/\^/\\^/g')")
    axis=$(echo "$label" | grep -q '^dose' && echo x1y1 || echo x1y2)
    plot="$plot${plot:+, }'$stats' using ($t > 0 ? \$$t / 60 : 1/0):$c axes $axis with lines lw 2 title '$label'"
  done
  gnuplot <<GP
set terminal pngcairo size 900,600
set output "$dir/dose.png"
set datafile separator ","
set xlabel "time [min]"
set ylabel "dose [cm^-2]"
set y2label "surface concentration [cm^-3]"
set logscale y
set logscale y2
set ytics nomirror
set y2tics
set key bottom right
set title "Dose and surface concentration"
set grid
plot $plot
GP
fi
ls "$dir"/*.png 2> /dev/null | sed 's/^/plot: /'
