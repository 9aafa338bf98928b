package io.berth.testing;

import io.berth.common.linux.Linux;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;

/** See {@link RequiresRoot}. */
public final class RequiresRootExtension implements ExecutionCondition, BeforeAllCallback {
    public static boolean enabled() {
        return Boolean.getBoolean("berth.it");
    }

    @Override
    public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
        return enabled() ? ConditionEvaluationResult.enabled("berth.it=true")
                : ConditionEvaluationResult.disabled("root tests run with -Pit (berth.it=true)");
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        if (Linux.uid() != 0) {
            throw new IllegalStateException("berth.it=true, but these tests need root (uid 0), not uid " + Linux.uid());
        }
    }
}
