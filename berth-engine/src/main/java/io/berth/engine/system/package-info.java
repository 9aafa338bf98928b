/** {@code /version} and {@code /info}: what this engine is and what it runs on. */
package io.berth.engine.system;
