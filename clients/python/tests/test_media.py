"""Images and tables as artifacts: the PNG written without PIL decodes (with PIL) to the same pixels."""
import io
import os
import tempfile
import unittest

from ratchet import media

try:
    from PIL import Image
except ImportError:
    Image = None


@unittest.skipIf(Image is None, "PIL is not installed (Debian: python3-pil): nothing independent to decode with")
class PngTest(unittest.TestCase):
    def decode(self, data):
        image = Image.open(io.BytesIO(data))
        image.load()
        return image

    def test_grey_rgb_and_rgba_arrays_decode_to_their_pixels(self):
        grey = [[0, 128, 255], [10, 20, 30]]
        image = self.decode(media.png(grey))
        self.assertEqual(("L", (3, 2)), (image.mode, image.size))
        self.assertEqual([0, 128, 255, 10, 20, 30], list(image.getdata()))

        rgb = [[(255, 0, 0), (0, 255, 0)], [(0, 0, 255), (1, 2, 3)]]
        image = self.decode(media.png(rgb))
        self.assertEqual("RGB", image.mode)
        self.assertEqual([(255, 0, 0), (0, 255, 0), (0, 0, 255), (1, 2, 3)], list(image.getdata()))

        rgba = [[(9, 8, 7, 0), (1, 1, 1, 255)]]
        self.assertEqual([(9, 8, 7, 0), (1, 1, 1, 255)], list(self.decode(media.png(rgba)).getdata()))

    def test_float_arrays_in_0_1_scale_to_0_255_and_numpy_arrays_work_as_lists_do(self):
        self.assertEqual([0, 128, 255], list(self.decode(media.png([[0.0, 0.5, 1.0]])).getdata()))
        try:
            import numpy as np
        except ImportError:
            return
        array = np.arange(2 * 3 * 3, dtype=np.uint8).reshape(2, 3, 3)
        self.assertEqual(media.png(array.tolist()), media.png(array))

    def test_a_pil_image_and_a_file_keep_their_bytes_and_type(self):
        pil = Image.new("RGB", (4, 2), (10, 20, 30))
        data, content_type, extension = media.image_bytes(pil)
        self.assertEqual(("image/png", ".png"), (content_type, extension))
        self.assertEqual([(10, 20, 30)] * 8, list(self.decode(data).getdata()))
        with tempfile.NamedTemporaryFile(suffix=".jpg", delete=False) as f:
            pil.save(f, format="JPEG")
        try:
            data, content_type, extension = media.image_bytes(f.name)
            self.assertEqual(("image/jpeg", ".jpg"), (content_type, extension))
            with open(f.name, "rb") as saved:
                self.assertEqual(saved.read(), data)
        finally:
            os.remove(f.name)


class BadImagesAndTablesTest(unittest.TestCase):
    def test_bad_arrays_keys_and_rows_are_refused_with_what_to_fix(self):
        for bad, message in (([], "shape"), ([[(1, 2)]], "1, 3 or 4 channels"), ([[0.0, 1.5]], r"\[0, 1\]"),
                             ([[0, 256]], "0..255"), ([[1, 2], [3]], "differ in length")):
            with self.assertRaisesRegex(ValueError, message):
                media.png(bad)
        for key in ("../escape", "/abs", "a//b", ""):
            with self.assertRaisesRegex(ValueError, "relative name"):
                media.image_path(key, 0, None, ".png")
        with self.assertRaisesRegex(ValueError, "not an image file"):
            media.image_bytes(__file__)
        with self.assertRaisesRegex(ValueError, "need columns"):
            media.table_csv([[1, 2]])

    def test_tables_are_csv_with_a_header(self):
        rows = [{"row": 17, "label": "bad", "p": 0.91}, {"row": 3, "label": "good", "p": 0.2, "note": "x"}]
        self.assertEqual(b"row,label,p,note\n17,bad,0.91,\n3,good,0.2,x\n", media.table_csv(rows))
        self.assertEqual(b"a,b\n1,x\n", media.table_csv([(1, "x")], columns=["a", "b"]))
        self.assertEqual("images/samples/train/step-3-1.png", media.image_path("samples/train", 3, 1, ".png"))


class WorstErrorsTest(unittest.TestCase):
    def test_misclassified_rows_the_model_was_surest_about_come_first(self):
        classes = ["cat", "dog", "fox"]
        labels = ["cat", "dog", "fox", "cat", "dog"]
        probabilities = [[0.9, 0.05, 0.05],   # right
                         [0.7, 0.2, 0.1],     # dog called cat, p(dog) = 0.2
                         [0.1, 0.1, 0.8],     # right
                         [0.05, 0.15, 0.8],   # cat called fox, p(cat) = 0.05: the worst
                         [0.3, 0.3, 0.4]]     # dog called fox, p(dog) = 0.3
        self.assertEqual([(3, "cat", "fox", 0.05, 0.8), (1, "dog", "cat", 0.2, 0.7), (4, "dog", "fox", 0.3, 0.4)],
                         media.worst_errors(labels, probabilities, classes, k=5))
        self.assertEqual([3, 1], [e[0] for e in media.worst_errors(labels, probabilities, classes, k=2)])
        with self.assertRaisesRegex(ValueError, "not one of the classes"):
            media.worst_errors(["emu"], [[1, 0, 0]], classes, k=1)
        with self.assertRaisesRegex(ValueError, "2 labels but 1 rows"):
            media.worst_errors(["cat", "dog"], [[1, 0, 0]], classes, k=1)


if __name__ == "__main__":
    unittest.main()
