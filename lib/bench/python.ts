/**
 * The PyTorch references of the benches run on a python3 found here: the
 * first of PATH's and Debian's that imports the needed modules (our machines'
 * PATH python3 is a pyenv build without torch; Debian's has python3-torch).
 */
const found = new Map<string, Promise<string | null>>();

/** The first python3 that imports `modules` (e.g. "torch" or "torchvision, PIL"); null when none does. Probed once per module list. */
export function pythonWith(modules: string): Promise<string | null> {
  let p = found.get(modules);
  if (!p) {
    p = (async () => {
      for (const py of ["python3", "/usr/bin/python3"]) {
        try {
          const probe = await new Deno.Command(py, { args: ["-c", `import ${modules}`], stdout: "null", stderr: "null" })
            .output();
          if (probe.success) return py;
        } catch { /* not installed */ }
      }
      return null;
    })();
    found.set(modules, p);
  }
  return p;
}
