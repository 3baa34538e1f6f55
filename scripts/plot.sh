#!/usr/bin/env bash
# PNG plots of a Fluxion output folder, made with gnuplot:
#   profile.png  the line profiles (profile-*.csv) of the last field, one
#                curve per output step, labelled with its time from
#                profile_times.csv
#   fields_profile.png  with several fields: each of them along the line at
#                the last output (the last field on the right axis)
#   fluxes.png   transient: the outward flux through each boundary against
#                time, one panel (own axis) per boundary; steady: one bar per
#                boundary, |flux| on a log axis, labelled with the signed value
#   amount.png   the total amount against time (transient runs)
#   current.png  the electric current through each boundary against time
#                (transient Poisson-Nernst-Planck runs)
#   depth_profile.png  dopant concentrations and |net doping| against depth
#                      (log scale) at the last output step
#   dose.png     dose and surface concentration of each dopant against time
# Usage: scripts/plot.sh [--dry-run] OUTPUT_FOLDER
#   --dry-run  print the gnuplot commands of each plot instead of running them
# Prints one line with the plots made, and one line per plot that failed
# (with gnuplot's message); a failed plot leaves no file. The exit code is 1
# if a plot failed.
set -uo pipefail
dry=0
if [ "${1:-}" = "--dry-run" ]; then
  dry=1
  shift
fi
dir="${1:?usage: plot.sh [--dry-run] OUTPUT_FOLDER}"
if [ $dry = 0 ] && ! command -v gnuplot > /dev/null; then
  echo "Plots: none (gnuplot is not installed)"
  exit 1
fi
stats="$dir/statistics.csv"
made=()
failed=0

# Column number of a header name (an exact string) in a CSV file.
column() { head -1 "$1" | tr ',' '\n' | grep -nxF -- "$2" | head -1 | cut -d: -f1; }
# The header names of a CSV file that match a regular expression, one a line.
columns_matching() { head -1 "$1" | tr ',' '\n' | grep -E -- "$2"; }
# A name quoted for gnuplot (single quotes doubled).
quoted() { printf "'%s'" "${1//\'/\'\'}"; }

# Runs the gnuplot commands on stdin to write $dir/NAME. The PNG is kept only
# if gnuplot succeeds and the file is a non-empty PNG.
plot() {
  local name="$1" target="$dir/$1" tmp="$dir/.$1.tmp" commands message
  commands="set terminal pngcairo size ${2:-900,600}
set output $(quoted "$tmp")
set datafile separator ','
set datafile columnheaders
$(cat)"
  if [ $dry = 1 ]; then
    printf '### %s\n%s\n' "$name" "${commands//$tmp/$target}"
    return
  fi
  message=$(gnuplot <<< "$commands" 2>&1)
  local code=$?
  if [ $code = 0 ] && [ -s "$tmp" ] &&
    [ "$(head -c 8 "$tmp" | od -An -tx1 | tr -d ' \n')" = 89504e470d0a1a0a ]; then
    mv -f "$tmp" "$target"
    made+=("$name")
  else
    rm -f "$tmp" "$target"
    # gnuplot's error: 'line N: <reason>' after the command and a caret.
    message=$(grep -E 'line [0-9]+: ' <<< "$message" | sed -E 's/^.*line [0-9]+: //' |
      sort -s -t: -k1,1 | awk '!/^warning:/ {print; exit} {w = $0} END {if (NR && w != "") print w}' | head -1)
    echo "Plot $name failed: ${message:-gnuplot wrote no image}"
    failed=1
  fi
}

# Line profiles, at most about 8 of them, labelled with their times.
if ls "$dir"/profile-*.csv > /dev/null 2>&1; then
  files=$(ls "$dir"/profile-*.csv | awk '{a[NR]=$0} END {n=NR; s=(n>8)?int(n/8):1; for(i=1;i<=n;i+=s) print a[i]; if ((n-1)%s) print a[n]}')
  times="$dir/profile_times.csv"
  c=$(head -1 "$dir/profile.csv" | tr ',' '\n' | wc -l)
  items=""
  for f in $files; do
    base=$(basename "$f")
    # The last entry of a file counts (a resumed run appends).
    t=$( [ -f "$times" ] && awk -F, -v f="$base" '$1 == f {t = $3} END {print t}' "$times")
    if [ -n "$t" ]; then
      title="t = $(printf '%.4g' "$t") s"
    else
      title="${base%.csv}"
      echo "Plot profile.png: no time for $base in profile_times.csv"
    fi
    items="$items${items:+, }$(quoted "$f") using 1:$c with lines title '$title'"
  done
  plot profile.png << GP
set key outside right
set xlabel "distance along the line [length unit]"
set ylabel "c"
set title "Concentration profiles"
set grid
plot $items
GP
  # Several fields: every field along the line at the last output, the last
  # field (a potential) on the right axis.
  first=$(head -1 "$dir/profile.csv" | tr ',' '\n' |
    awk '$0 != "distance" && $0 != "x" && $0 != "y" && $0 != "z" {print NR; exit}')
  if [ -n "$first" ] && [ "$first" -lt "$c" ]; then
    last=$(ls "$dir"/profile-*.csv | tail -1)
    items=""
    for k in $(seq "$first" "$c"); do
      name=$(head -1 "$dir/profile.csv" | cut -d, -f$k)
      axes=$([ "$k" = "$c" ] && echo x1y2 || echo x1y1)
      items="$items${items:+, }$(quoted "$last") using 1:$k axes $axes with lines lw 2 title '$name'"
    done
    plot fields_profile.png << GP
set key outside right
set xlabel "distance along the line [length unit]"
set ylabel "$(head -1 "$dir/profile.csv" | cut -d, -f$first-$((c - 1)) | tr ',' ' ')"
set y2label "$(head -1 "$dir/profile.csv" | cut -d, -f$c)"
set ytics nomirror
set y2tics
set title "Fields along the line, last output"
set grid
plot $items
GP
  fi
fi

if [ -f "$stats" ]; then
  t=$(column "$stats" "time [s]")
  n_times=$(awk -F, -v t="$t" 'NR > 1 && $t != "" {seen[$t] = 1} END {print length(seen)}' "$stats")
  fluxes=$(columns_matching "$stats" '^flux ' | grep -vE '^flux (.+ )?total$')
  if [ -n "$fluxes" ] && [ "$n_times" -le 1 ]; then
    # Steady (or a single row): one bar per boundary from the last row.
    data=""
    tics=""
    k=0
    while IFS= read -r name; do
      v=$(awk -F, -v c="$(column "$stats" "$name")" 'NR > 1 {v = $c} END {print v}' "$stats")
      data="$data$k \"${name#flux }\" $v"$'\n'
      tics="$tics${tics:+, }\"${name#flux }\\n$(printf '%.4g' "$v")\" $k"
      k=$((k + 1))
    done <<< "$fluxes"
    # The value is the last field (names may hold spaces: 'Na diffusive left').
    if ! awk '$NF != 0 {found = 1} END {exit !found}' <<< "$data"; then
      echo "Plot fluxes.png: not made, every boundary flux is 0"
    else
      # A decade of room below the smallest and above the largest |flux|.
      range=$(awk '$NF + 0 != 0 {v = $NF + 0; if (v < 0) v = -v; if (!n++ || v < lo) lo = v; if (v > hi) hi = v}
        END {printf "%g:%g", lo / 10, hi * 10}' <<< "$data")
      plot fluxes.png << GP
\$fluxes << EOD
${data}EOD
set datafile separator whitespace
set datafile nocolumnheaders
set title "Outward flux through each boundary (steady state)"
set ylabel "|outward flux| [amount/s]"
set logscale y
set format y "10^{%L}"
set style fill solid 0.5
set boxwidth 0.6
set grid ytics
set xrange [-0.5:$k - 0.5]
set xtics ($tics)
set yrange [$range]
set bmargin 5
set key top right
plot \$fluxes using 1:(\$3 > 0 ? \$3 : 1/0) with boxes lc rgb "#c0392b" title "out of the domain", \\
     \$fluxes using 1:(\$3 < 0 ? -\$3 : 1/0) with boxes lc rgb "#2471a3" title "into the domain"
GP
    fi
  elif [ -n "$fluxes" ]; then
    # Transient: one panel per boundary, each with its own axis.
    n=$(wc -l <<< "$fluxes")
    cols=$(( n > 1 ? 2 : 1 ))
    rows=$(( (n + cols - 1) / cols ))
    panels=""
    while IFS= read -r name; do
      panels="${panels}set title $(quoted "$name")
plot $(quoted "$stats") using (\$$t > 0 ? \$$t : 1/0):$(column "$stats" "$name") with linespoints pt 7 ps 0.4 notitle
"
    done <<< "$fluxes"
    plot fluxes.png "900,$((rows > 1 ? 320 * rows : 450))" << GP
set multiplot layout $rows,$cols title "Outward flux through each boundary [amount/s] (negative: inflow)"
set xlabel "time [s]"
set logscale x
set format y "%.3g"
set xzeroaxis lt -1
set grid
$panels
unset multiplot
GP
  fi
  a=$(column "$stats" "total amount")
  if [ -n "$a" ] && [ "$n_times" -gt 1 ]; then
    plot amount.png << GP
set xlabel "time [s]"
set ylabel "total amount"
set title "Total amount"
set grid
plot $(quoted "$stats") using $t:$a with linespoints pt 7 ps 0.4 notitle
GP
  fi
  # Poisson-Nernst-Planck: the electric current through each boundary.
  currents=$(columns_matching "$stats" '^current ')
  if [ -n "$currents" ] && [ "$n_times" -gt 1 ]; then
    items=""
    while IFS= read -r name; do
      items="$items${items:+, }$(quoted "$stats") using (\$$t > 0 ? \$$t : 1/0):$(column "$stats" "$name") with linespoints pt 7 ps 0.4 title $(quoted "${name##*] }")"
    done <<< "$currents"
    unit=$(head -1 <<< "$currents" | sed -n 's/^current \(\[[^]]*\]\).*/\1/p')
    plot current.png << GP
set xlabel "time [s]"
set ylabel "outward current $unit"
set title "Electric current through each boundary"
set logscale x
set format x "10^{%L}"
set format y "%.3g"
set xzeroaxis lt -1
set grid
plot $items
GP
  fi
fi

if [ -f "$dir/depth_profile.csv" ]; then
  n=$(head -1 "$dir/depth_profile.csv" | tr ',' '\n' | wc -l)
  items=""
  for ((k = 2; k < n; k++)); do
    name=$(head -1 "$dir/depth_profile.csv" | cut -d, -f$k | sed 's/ \[.*//')
    items="$items${items:+, }$(quoted "$dir/depth_profile.csv") using 1:(\$$k > 0 ? \$$k : 1/0) with lines lw 2 title '$name'"
  done
  items="$items, $(quoted "$dir/depth_profile.csv") using 1:(abs(\$$n)) with lines dt 2 title '|net doping|'"
  plot depth_profile.png << GP
set xlabel "depth [um]"
set ylabel "concentration [cm^-3]"
set logscale y
set format y "10^{%L}"
set yrange [1e14:*]
set title "Dopant profiles"
set grid
plot $items
GP
fi

if [ -f "$stats" ] && [ -n "$(columns_matching "$stats" '^dose ')" ]; then
  t=$(column "$stats" "time [s]")
  items=""
  while IFS= read -r label; do
    axis=$(grep -q '^dose' <<< "$label" && echo x1y1 || echo x1y2)
    items="$items${items:+, }$(quoted "$stats") using (\$$t > 0 ? \$$t / 60 : 1/0):$(column "$stats" "$label") axes $axis with lines lw 2 title '$label'"
  done < <(columns_matching "$stats" '^(dose|surface) ' | grep -v '^dose change ')
  plot dose.png << GP
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
plot $items
GP
fi

if [ $dry = 0 ]; then
  if [ ${#made[@]} -gt 0 ]; then
    echo "Plots: $(printf "$dir/%s " "${made[@]}")"
  else
    echo "Plots: none"
  fi
fi
exit $failed
