#!/usr/bin/env bash
# Screens BYOL-family settings at the unit test's length (PretrainingBeatsRandomInitTests: the quick preset on 512
# stencil images, batch 32, one seed): each line of settings.txt is NAME METHOD STEPS [--set ...]; results to screen.txt.
# Usage: LEWEL=path/to/lewel ./screen.sh settings.txt (from this directory).
while read -r name method steps rest; do
  [ -z "$name" ] || [ "${name:0:1}" = "#" ] && continue
  # shellcheck disable=SC2086
  ../quick-trial-stencil/probeq.sh "$name" "$method" "$steps" $rest >> screen.txt
done < "$1"
