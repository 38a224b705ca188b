"""Run as a script: decode one image file through clean_image in a fresh process and print the peak memory it added.

`python -m tests.decode_peak FILE` prints JSON: {"peak_mib": ..., "outcome": "stored WxH" or the refusal}.
"""
import json
import resource
import sys


def peak_kib() -> int:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss  # KiB on Linux


def main(path: str) -> None:
    from directory import create_app
    from directory.services.uploads import UploadError, clean_image

    app = create_app({"TESTING": True, "SECRET_KEY": "decode-peak-" + "k3Jx9TqV2mZ8wLrP4sYb7NcHd6GfEa1",
                      "SQLALCHEMY_DATABASE_URI": "sqlite://"})
    with open(path, "rb") as handle:
        data = handle.read()
    with app.app_context():
        before = peak_kib()
        try:
            image = clean_image(data, app.config["UPLOAD_MAX_PIXELS"])
            outcome = f"stored {image.width}x{image.height}"
        except UploadError as refused:
            outcome = refused.message
        added = peak_kib() - before
    print(json.dumps({"peak_mib": round(added / 1024, 1), "outcome": outcome}))


if __name__ == "__main__":
    main(sys.argv[1])
