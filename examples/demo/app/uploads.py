import os

import boto3

BUCKET = os.environ.get("UPLOADS_BUCKET", "shop-uploads")
s3 = boto3.client("s3")


def store(key: str, body: bytes) -> None:
    s3.put_object(Bucket=BUCKET, Key=key, Body=body)
