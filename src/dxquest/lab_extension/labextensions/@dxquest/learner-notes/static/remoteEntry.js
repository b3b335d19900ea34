// dxquest's JupyterLab plugin for learners, written as a module-federation container by hand (it
// needs nothing from JupyterLab's shared modules, so no build step): after nbgrader's Validate
// reports success, it adds the kit's line that only the public tests ran. The line, in the
// release's language, comes from the page's configuration (page_config.json).
(function () {
  const id = "@dxquest/learner-notes";
  const NOTE_CLASS = "dxquest-validate-note";

  function pageOption(name) {
    const element = document.getElementById("jupyter-config-data");
    try {
      return JSON.parse(element.textContent)[name];
    } catch (error) {
      return undefined;
    }
  }

  function noteSuccesses(note) {
    for (const success of document.querySelectorAll(".validation-success")) {
      if (!success.querySelector("." + NOTE_CLASS)) {
        const line = document.createElement("p");
        line.className = NOTE_CLASS;
        line.innerText = note;
        success.append(line);
      }
    }
  }

  const plugin = {
    id: id + ":validate-note",
    description: "After Validate's success: public tests only; hidden tests run at grading.",
    autoStart: true,
    activate: () => {
      const note = pageOption("dxquestValidateNote");
      if (!note) {
        return;
      }
      new MutationObserver(() => noteSuccesses(note)).observe(document.body, {
        childList: true,
        subtree: true,
      });
    },
  };

  window._JUPYTERLAB = window._JUPYTERLAB || {};
  window._JUPYTERLAB[id] = {
    init: async () => {},
    get: async (module) => {
      if (module !== "./extension") {
        throw new Error(`${id} has no module ${module}`);
      }
      return () => ({ __esModule: true, default: [plugin] });
    },
  };
})();
