package dev.hangar.server.registry;

import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.annotation.EnableScheduling;

/** Turns on the periodic re-check of ready models' files. */
@Configuration(proxyBeanMethods = false)
@EnableScheduling
class RegistryConfiguration {}
