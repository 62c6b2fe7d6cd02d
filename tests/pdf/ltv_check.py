"""pyHanko's AdES validation of every signature of a PDF, offline: revocation data only from
the file (its DSS), a CRL required for each signer certificate, trust only in the roots given.

    python3 tests/pdf/ltv_check.py FILE --trust CA.pem [--tsa-trust TSA.pem] [--years N]

`--years N` validates N years from now, when every certificate has expired: what validates
then rests on the time-stamps and the validation data in the file. Prints one line per
signature, `<signer>: <indication> <sub-indication>`, and exits 0 when every one PASSED.
"""
import argparse
import asyncio
import sys
from datetime import datetime, timedelta, timezone

from pyhanko.keys import load_cert_from_pemder
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign.validation import ades
from pyhanko.sign.validation.policy_decl import (
    PdfSignatureValidationSpec,
    RevinfoOnlineFetchingRule,
    RevocationInfoGatheringSpec,
    SignatureValidationSpec,
)
from pyhanko_certvalidator.context import CertValidationPolicySpec
from pyhanko_certvalidator.ltv.types import ValidationTimingInfo
from pyhanko_certvalidator.policy_decl import (
    CertRevTrustPolicy,
    RevocationCheckingPolicy,
    RevocationCheckingRule,
)
from pyhanko_certvalidator.registry import SimpleTrustManager


def policy(roots, rule):
    return CertValidationPolicySpec(
        trust_manager=SimpleTrustManager.build(trust_roots=roots),
        revinfo_policy=CertRevTrustPolicy(
            RevocationCheckingPolicy(
                ee_certificate_rule=rule,
                intermediate_ca_cert_rule=RevocationCheckingRule.NO_CHECK,
            )
        ),
    )


async def main():
    p = argparse.ArgumentParser()
    p.add_argument("file")
    p.add_argument("--trust", action="append", required=True)
    p.add_argument("--tsa-trust", action="append", default=[])
    p.add_argument("--years", type=int, default=0)
    a = p.parse_args()
    roots = [load_cert_from_pemder(f) for f in a.trust]
    tsa_roots = [load_cert_from_pemder(f) for f in a.tsa_trust] or roots
    spec = PdfSignatureValidationSpec(
        SignatureValidationSpec(
            cert_validation_policy=policy(roots, RevocationCheckingRule.CRL_REQUIRED),
            # The time-stamp authority's own revocation data is not in the file yet.
            ts_cert_validation_policy=policy(tsa_roots, RevocationCheckingRule.NO_CHECK),
            revinfo_gathering_policy=RevocationInfoGatheringSpec(
                online_fetching_rule=RevinfoOnlineFetchingRule.LOCAL_ONLY
            ),
        )
    )
    when = datetime.now(timezone.utc) + timedelta(days=365 * a.years)
    timing = ValidationTimingInfo(
        validation_time=when, best_signature_time=when, point_in_time_validation=False
    )
    ok = True
    with open(a.file, "rb") as f:
        r = PdfFileReader(f)
        for sig in r.embedded_regular_signatures:
            result = await ades.ades_lta_validation(sig, spec, timing_info=timing)
            ind = result.ades_subindic
            print(f"{sig.field_name}: {result.api_status.bottom_line if result.api_status else None} {ind}")
            ok = ok and ind is not None and ind.status.name == "PASSED"
    sys.exit(0 if ok else 1)


asyncio.run(main())
