// How the search page ranks its results (Sphinx's `html_search_scorer`): Sphinx's own weights,
// and a result whose page title holds every word searched for comes first (the earlier the words
// stand in the title, the higher), before a page that only names them in a section title or its
// text. So "Kem Sokha" finds the Kem Sokha chapter first, then the leaked Hun Sen–Kem Sokha call.
var Scorer = {
  objNameMatch: 11,
  objPartialMatch: 6,
  objPrio: {0: 15, 1: 5, 2: -5},
  objPrioDefault: 0,
  title: 15,
  partialTitle: 7,
  term: 5,
  partialTerm: 2,
  // Page title: every word searched for; section title: every word, after the page's title.
  pageTitleBoost: 1000,
  sectionTitleBoost: 100,
  score: (result) => {
    const [, title, , , score] = result;
    const query = new URLSearchParams(window.location.search).get("q") || "";
    const words = query.toLowerCase().split(/\s+/).filter((word) => word && !word.startsWith("-"));
    if (!words.length || !title) return score;
    const [page, ...sections] = String(title).toLowerCase().split(" > ");
    if (words.every((word) => page.includes(word))) return score + Scorer.pageTitleBoost - page.indexOf(words[0]);
    if (sections.length && words.every((word) => sections.join(" ").includes(word))) return score + Scorer.sectionTitleBoost;
    return score;
  },
};
