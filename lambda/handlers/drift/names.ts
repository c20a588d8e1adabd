/**
 * Names the scheduled drift check's construct (lib/constructs/drift-detection.ts) and its Lambda
 * (./index.ts) must agree on. Kept apart from the handler so the construct does not load handler code.
 */
export const DRIFT_CHECK = {
  /** The desired state's file name inside the function's code asset, beside index.js. */
  desiredStateFile: 'desired-state.json',
  /** The kit's namespace for drift metrics (the role may put metrics into this namespace only). */
  metricNamespace: 'WickrKit/Drift',
  metrics: {
    /** Managed members whose live value differs, per run (dimension `Agency`, and `Agency` + `Network`). */
    driftedMembers: 'DriftedMembers',
  },
  env: {
    topicArn: 'DRIFT_TOPIC_ARN',
    /** Set only when Security Hub findings are on: the account's default product ARN (BatchImportFindings' resource). */
    securityHubProductArn: 'DRIFT_SECURITY_HUB_PRODUCT_ARN',
  },
} as const;
