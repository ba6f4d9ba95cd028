"""Writes what Pillow makes of every conformance image, for PillowConformanceTest.

Run once, with Pillow (any machine; from the repository's root):
    python mr-featurize/src/test/python/pillow_conformance.py ../shared/data/fruits-360/Test

1. Writes tiles/: Fruits-360 tiles saved by Pillow in every photo format and mode it writes (PNG of
   each colour type, GIF, APNG, BMP, TIFF of several compressions and layouts, WebP, JPEG 2000, AVIF).
2. Writes expected-upright.tsv: the o* tiles (every EXIF orientation) as exif_transpose turns them.
3. Writes expected.tsv (and pillow-pixels/, Pillow's RGB of lossy JPEG 2000 files as PNG): for every file under pngsuite/, bmpsuite/ and tiles/, what
   Image.open(f).convert("RGB") gives (format, mode, size, SHA-256 of the RGB bytes and of the
   224x224 bicubic resize), or the error Pillow raises. The Java test compares its own bytes to these.
"""
import hashlib
import io
import os
import sys

from PIL import Image, features

HERE = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "resources", "conformance")
TILES = ["Lemon 1/321_100.jpg", "Kiwi 1/3_100.jpg"]


def save(image, name, **options):
    image.save(os.path.join(HERE, "tiles", name), **options)


def make_tiles(test_folder):
    os.makedirs(os.path.join(HERE, "tiles"), exist_ok=True)
    for number, tile in enumerate(TILES):
        rgb = Image.open(os.path.join(test_folder, tile)).convert("RGB")
        base = "t%d" % number
        # The white background made transparent: alpha as an app's cut-out would carry it.
        alpha = rgb.convert("L").point(lambda v: 0 if v > 245 else 255)
        rgba = rgb.copy()
        rgba.putalpha(alpha)
        palette = rgb.quantize(256)
        grey = rgb.convert("L")
        save(rgb, base + "-rgb.png")
        save(rgba, base + "-rgba.png")
        save(palette, base + "-palette.png")
        save(palette, base + "-palette-trns.png", transparency=0)
        save(rgb.quantize(16), base + "-palette4.png", bits=4)
        save(grey, base + "-grey.png")
        save(grey.convert("1"), base + "-bilevel.png")
        la = grey.copy().convert("LA")
        la.putalpha(alpha)
        save(la, base + "-grey-alpha.png")
        save(grey.point(lambda v: v * 257, "I").convert("I;16"), base + "-grey16.png")
        save(palette, base + "-palette.gif")
        save(palette, base + "-transparent.gif", transparency=0)
        save(palette, base + "-animated.gif", save_all=True, append_images=[grey.convert("P")], duration=100)
        save(rgb, base + "-animated.png", save_all=True, append_images=[grey.convert("RGB")], duration=100)
        save(rgb, base + "-rgb.bmp")
        save(palette, base + "-palette.bmp")
        save(grey.convert("1"), base + "-bilevel.bmp")
        save(rgb, base + "-raw.tif")
        save(rgb, base + "-lzw.tif", compression="tiff_lzw")
        save(rgb, base + "-deflate.tif", compression="tiff_adobe_deflate")
        save(rgb, base + "-packbits.tif", compression="packbits")
        save(rgb, base + "-jpeg.tif", compression="jpeg")
        save(rgb, base + "-tiled.tif", compression="tiff_lzw", tiffinfo={322: 64, 323: 64})
        save(rgba, base + "-rgba.tif", compression="tiff_lzw")
        save(grey, base + "-grey.tif")
        save(palette, base + "-palette.tif")
        save(rgb, base + "-lossy.webp", quality=80)
        save(rgb, base + "-lossless.webp", lossless=True)
        save(rgba, base + "-alpha.webp", quality=80)
        save(rgb, base + "-animated.webp", save_all=True, append_images=[grey.convert("RGB")], duration=100, lossless=True)
        save(rgb, base + "-lossless.jp2", irreversible=False)
        save(rgb, base + "-lossy.jp2", quality_mode="rates", quality_layers=[20], irreversible=True)
        save(rgb, base + "-codestream.j2k", irreversible=False)
        if features.check("avif"):
            save(rgb, base + ".avif", quality=80)
    # A non-square tile (rotations change its shape) with every EXIF orientation, in each format that carries one.
    wide = Image.open(os.path.join(test_folder, TILES[0])).convert("RGB").crop((0, 20, 100, 80))
    for orientation in range(1, 9):
        exif = Image.Exif()
        exif[0x0112] = orientation
        save(wide, "o%d.jpg" % orientation, exif=exif.tobytes(), quality=90)
    for orientation, extension in ((6, "png"), (8, "webp"), (3, "tif")):
        exif = Image.Exif()
        exif[0x0112] = orientation
        options = {"tiffinfo": {274: orientation}} if extension == "tif" else {"exif": exif.tobytes()}
        if extension == "webp":
            options["lossless"] = True
        save(wide, "o%d.%s" % (orientation, extension), **options)


def orientation_rows():
    """What ImageOps.exif_transpose (then convert("RGB")) gives for each o* tile."""
    from PIL import ImageOps
    for name in sorted(os.listdir(os.path.join(HERE, "tiles"))):
        if name.startswith("o"):
            with Image.open(os.path.join(HERE, "tiles", name)) as image:
                upright = ImageOps.exif_transpose(image).convert("RGB")
            yield ["tiles/" + name, str(upright.size[0]), str(upright.size[1]), hashlib.sha256(upright.tobytes()).hexdigest()]


def expected_rows():
    for folder in ("pngsuite", "bmpsuite", "tiles"):
        for name in sorted(os.listdir(os.path.join(HERE, folder))):
            if name.endswith((".txt", ".LICENSE", ".README", ".md")):
                continue
            path = os.path.join(HERE, folder, name)
            relative = folder + "/" + name
            try:
                with Image.open(path) as image:
                    fmt, mode, size = image.format, image.mode, image.size
                    rgb = image.convert("RGB")
                resized = rgb.resize((224, 224), Image.BICUBIC)
                if fmt == "JPEG2000" and "lossy" in name:
                    # Irreversible wavelets are computed in floating point: decoders may differ by a level,
                    # so the test needs Pillow's pixels themselves, not only their hash.
                    os.makedirs(os.path.join(HERE, "pillow-pixels"), exist_ok=True)
                    rgb.save(os.path.join(HERE, "pillow-pixels", name + ".png"))
                yield [relative, fmt, mode, str(size[0]), str(size[1]),
                       hashlib.sha256(rgb.tobytes()).hexdigest(), hashlib.sha256(resized.tobytes()).hexdigest()]
            except Exception as error:  # what Pillow refuses, and why
                yield [relative, "REFUSED", type(error).__name__, str(error).replace("\t", " ").splitlines()[0][:120]]


if __name__ == "__main__":
    if len(sys.argv) > 1:
        make_tiles(sys.argv[1])
    with open(os.path.join(HERE, "expected.tsv"), "w") as out:
        out.write("# file\tformat\tmode\twidth\theight\tsha256(convert('RGB'))\tsha256(resize 224 bicubic); "
                  "Pillow %s, written by mr-featurize/src/test/python/pillow_conformance.py\n" % Image.__version__)
        for row in expected_rows():
            out.write("\t".join(row) + "\n")
    with open(os.path.join(HERE, "expected-upright.tsv"), "w") as out:
        out.write("# file\twidth\theight\tsha256(ImageOps.exif_transpose(im).convert('RGB')); Pillow %s\n" % Image.__version__)
        for row in orientation_rows():
            out.write("\t".join(row) + "\n")
