"""Draw the app icon (a shield with अ and a tick) with Pillow and the bundled font.

    python scripts/make_icon.py   # writes resources/icons/anupalan.png and anupalan.ico
"""

from __future__ import annotations

from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "resources" / "icons"


def draw(size: int = 256) -> Image.Image:
    img = Image.new("RGBA", (size, size), (0, 0, 0, 0))
    d = ImageDraw.Draw(img)
    s = size / 256
    shield = [(128, 12), (228, 48), (220, 150), (128, 244), (36, 150), (28, 48)]
    d.polygon([(x * s, y * s) for x, y in shield], fill=(20, 60, 120, 255), outline=(240, 180, 40, 255))
    d.line([(x * s, y * s) for x, y in shield + shield[:1]], fill=(240, 180, 40, 255), width=int(10 * s))
    font = ImageFont.truetype(str(ROOT / "resources/fonts/NotoSansDevanagari-Bold.ttf"), int(120 * s))
    d.text((128 * s, 100 * s), "अ", font=font, fill=(255, 255, 255, 255), anchor="mm")
    d.line([(92 * s, 178 * s), (116 * s, 198 * s), (160 * s, 158 * s)], fill=(240, 180, 40, 255),
           width=int(14 * s), joint="curve")
    return img


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    img = draw()
    img.save(OUT / "anupalan.png")
    img.save(OUT / "anupalan.ico", sizes=[(16, 16), (24, 24), (32, 32), (48, 48), (64, 64), (128, 128), (256, 256)])


if __name__ == "__main__":
    main()
