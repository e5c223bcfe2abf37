"""Drives the S3 service with boto3 the way Python users do; prints one JSON object of findings."""
import hashlib
import io
import json
import os
import sys
import urllib.request

import boto3
from botocore.config import Config
from botocore.exceptions import ClientError

endpoint, bucket = sys.argv[1], sys.argv[2]
s3 = boto3.client(
    "s3",
    endpoint_url=endpoint,
    region_name="us-east-1",
    aws_access_key_id=os.environ["KEY_ID"],
    aws_secret_access_key=os.environ["SECRET"],
    config=Config(s3={"addressing_style": "path"}, signature_version="s3v4"),
)
out = {}
body = os.urandom(200_000)

s3.put_object(Bucket=bucket, Key="py/ünï code+ key.bin", Body=body, Metadata={"owner": "bob"}, ContentType="image/jpeg")
got = s3.get_object(Bucket=bucket, Key="py/ünï code+ key.bin")
out["roundtrip"] = got["Body"].read() == body
out["metadata"] = got["Metadata"]
out["contentType"] = got["ContentType"]
out["etagIsMd5"] = got["ETag"].strip('"') == hashlib.md5(body).hexdigest()

s3.upload_fileobj(io.BytesIO(body), bucket, "py/uploaded.bin")
buf = io.BytesIO()
s3.download_fileobj(bucket, "py/uploaded.bin", buf)
out["transfer"] = buf.getvalue() == body

part = s3.get_object(Bucket=bucket, Key="py/uploaded.bin", Range="bytes=100-199")
out["range"] = part["Body"].read() == body[100:200] and part["ContentRange"] == f"bytes 100-199/{len(body)}"

pages = s3.get_paginator("list_objects_v2").paginate(Bucket=bucket, Prefix="py/", PaginationConfig={"PageSize": 1})
out["listed"] = sorted(o["Key"] for p in pages for o in p.get("Contents", []))

url = s3.generate_presigned_url("get_object", Params={"Bucket": bucket, "Key": "py/uploaded.bin"}, ExpiresIn=300)
with urllib.request.urlopen(url) as r:
    out["presigned"] = r.read() == body

try:
    s3.head_object(Bucket=bucket, Key="py/missing")
    out["missing"] = "found"
except ClientError as e:
    out["missing"] = e.response["Error"]["Code"]

deleted = s3.delete_objects(Bucket=bucket, Delete={"Objects": [{"Key": k} for k in out["listed"]], "Quiet": False})
out["deleted"] = sorted(d["Key"] for d in deleted.get("Deleted", []))
out["left"] = s3.list_objects_v2(Bucket=bucket, Prefix="py/")["KeyCount"]
print(json.dumps(out))
