/**
 * What the model-service answers its callers, without HTTP machinery: git webhooks ({@link WebhookIntake}) and
 * the deployments API ({@link DeploymentsApi}) — who may call, which requests are sound, what is queued — as
 * {@link Answer}s the app's resources hand on.
 */
package io.datasurface.modelservice.intake;
