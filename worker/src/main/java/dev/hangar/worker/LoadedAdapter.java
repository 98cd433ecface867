package dev.hangar.worker;

import dev.hangar.worker.llama.LoraAdapter;
import java.nio.file.Path;

/**
 * A LoRA adapter the engine holds: its id (never reused, so a cache entry made with an unloaded adapter never matches
 * a later one), the name requests select it by, its file, the scale it applies at when a request gives none, and
 * llama.cpp's handle.
 */
record LoadedAdapter(int id, String name, Path file, float scale, LoraAdapter handle) {}
