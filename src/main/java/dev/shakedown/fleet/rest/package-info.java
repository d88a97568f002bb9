/**
 * What the providers over a platform's REST API share (Cloud Foundry's Cloud Controller, the BOSH
 * director): tokens from UAA, calls over the JDK's HTTP client, and TLS trusting a named CA. No
 * provider's own vocabulary lives here.
 */
package dev.shakedown.fleet.rest;
