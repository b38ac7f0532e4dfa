import os


def test_reads_feature_flag():
    os.environ["SHOP_TEST_ONLY_FLAG"] = "1"
    assert os.environ["SHOP_TEST_ONLY_FLAG"] == "1"
