"""The AWS control-plane and CloudWatch calls: listing clusters, finding a cluster's region, a cluster's metrics.

boto3 is imported only inside the functions of these modules, so nothing here costs a plain-PostgreSQL run.
"""
