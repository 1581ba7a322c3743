"""Draw an illustrative photo for the demo content (the demo has no real photographs).

The picture is a stylised event scene (sky, hall or field, a banner, rows of people) drawn
deterministically from a seed, so the same command always gives the same file. Options add
the things real phone photos carry, so the demo exercises the image pipeline: an EXIF
orientation tag (the pixels are stored rotated, as a phone does) and GPS coordinates.

    python tools/make_demo_image.py content/2026/anh/le-mit-tinh.jpg --seed 7 \
        --banner "THÁNG CÔNG NHÂN 2026" [--size 1600x1067] [--rotated] [--gps]
"""

import argparse
import random
from pathlib import Path

from PIL import Image, ImageDraw, ImageFilter, ImageFont

FONT_CANDIDATES = (
    "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf",
    "/Library/Fonts/Arial Unicode.ttf",
    "C:/Windows/Fonts/arialbd.ttf",
)
PALETTES = (
    ((135, 190, 235), (236, 244, 250), (196, 32, 38), (250, 214, 64)),
    ((244, 180, 120), (255, 236, 210), (180, 28, 40), (255, 230, 120)),
    ((120, 170, 120), (225, 240, 220), (30, 90, 160), (255, 255, 255)),
    ((160, 160, 200), (240, 240, 250), (160, 20, 60), (250, 220, 90)),
)
CLOTHES = ((30, 80, 160), (200, 40, 40), (240, 240, 240), (40, 130, 90), (230, 180, 40))
SKIN = ((236, 200, 170), (214, 170, 130), (190, 140, 100))


def banner_font(size):
    for candidate in FONT_CANDIDATES:
        if Path(candidate).exists():
            return ImageFont.truetype(candidate, size)
    return ImageFont.load_default(size)


def draw_scene(width, height, seed, banner):
    rng = random.Random(seed)
    sky, ground, banner_colour, text_colour = PALETTES[seed % len(PALETTES)]
    image = Image.new("RGB", (width, height), sky)
    draw = ImageDraw.Draw(image)
    horizon = int(height * rng.uniform(0.45, 0.6))
    for y in range(horizon):
        mix = y / horizon
        draw.line(
            [(0, y), (width, y)],
            fill=tuple(int(s + (g - s) * mix) for s, g in zip(sky, ground)),
        )
    draw.rectangle([0, horizon, width, height], fill=tuple(int(c * 0.82) for c in ground))
    for _ in range(rng.randint(3, 6)):
        left = rng.randint(-50, width - 100)
        top = rng.randint(int(horizon * 0.35), horizon - 40)
        shade = rng.randint(150, 200)
        draw.rectangle(
            [left, top, left + rng.randint(120, 320), horizon],
            fill=(shade, shade, shade + 10),
        )
    banner_box = [int(width * 0.12), int(height * 0.08), int(width * 0.88), int(height * 0.22)]
    draw.rectangle(banner_box, fill=banner_colour)
    font = banner_font(max(12, int(height * 0.055)))
    draw.text(
        ((banner_box[0] + banner_box[2]) / 2, (banner_box[1] + banner_box[3]) / 2),
        banner,
        fill=text_colour,
        font=font,
        anchor="mm",
    )
    draw_people(draw, rng, width, height, horizon)
    return image.filter(ImageFilter.GaussianBlur(0.6))


def draw_people(draw, rng, width, height, horizon):
    rows = rng.randint(2, 4)
    for row in range(rows):
        scale = 0.6 + 0.45 * row / max(1, rows - 1)
        head = int(height * 0.035 * scale)
        base = horizon + int((height - horizon) * (0.25 + 0.7 * row / max(1, rows - 1)))
        step = int(head * 3.2)
        offset = rng.randint(0, step)
        for x in range(-offset, width + step, step):
            x += rng.randint(-head // 2, head // 2)
            body_top = base - int(head * 4.2)
            draw.rounded_rectangle(
                [x - head * 1.2, body_top, x + head * 1.2, base],
                radius=head,
                fill=rng.choice(CLOTHES),
            )
            draw.ellipse(
                [x - head, body_top - head * 2.1, x + head, body_top - head * 0.1],
                fill=rng.choice(SKIN),
            )


def save(image, path, rotated, gps):
    exif = Image.Exif()
    exif[0x010F] = "DemoPhone"  # Make
    exif[0x0110] = "DemoPhone 12"  # Model
    exif[0xA431] = "SN-000-DEMO"  # BodySerialNumber (camera serial, must never be published)
    if rotated:
        # Stored turned 90° clockwise, with Orientation 6 telling viewers to turn it back.
        image = image.transpose(Image.Transpose.ROTATE_90)
        exif[0x0112] = 6
    if gps:
        exif[0x8825] = {1: "N", 2: (21.0, 1.0, 30.0), 3: "E", 4: (105.0, 51.0, 12.0)}
    path.parent.mkdir(parents=True, exist_ok=True)
    image.save(path, "JPEG", quality=80, optimize=True, progressive=True, exif=exif)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("output", type=Path)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--banner", default="CÔNG ĐOÀN ĐỒNG LÂM")
    parser.add_argument("--size", default="1600x1067", help="WIDTHxHEIGHT")
    parser.add_argument("--rotated", action="store_true", help="store with EXIF orientation 6")
    parser.add_argument("--gps", action="store_true", help="add GPS coordinates to EXIF")
    args = parser.parse_args()
    width, height = (int(n) for n in args.size.lower().split("x"))
    save(draw_scene(width, height, args.seed, args.banner), args.output, args.rotated, args.gps)


if __name__ == "__main__":
    main()
