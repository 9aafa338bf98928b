/**
 * Running a loaded project through the Engine API: {@link io.berth.compose.project.ContainerSpecs}
 * (a service as a create request), {@link io.berth.compose.project.ConfigHash},
 * {@link io.berth.compose.project.Labels} and the verbs in {@link io.berth.compose.project.ComposeService}.
 * Nothing is stored client-side: a project's containers, networks and volumes are found by their labels.
 */
package io.berth.compose.project;
