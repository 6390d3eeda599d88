/**
 * Generated visit files for the benchmark: valid against the contract, deterministic per seed,
 * with Hangul names and inline Markdown like the samples.
 */

/** A small seeded generator, so that every bench run sees the same inputs. */
function random(seed) {
  let state = seed >>> 0 || 1;
  return () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
}

const WORDS = (
  'cooperation security trade maritime partnership dialogue sanctions shipbuilding investment energy climate ' +
  'research defence exchange agreement summit ministers delegation region stability supply chains semiconductors ' +
  'alliance port logistics training cyber space health education culture tourism fisheries'
).split(' ');
const HANGUL = ['강경화', '문재인', '박지민', '김영수', '이서연', '최민준', '정하은', '윤도현'];

export function generateVisit(id, seed, sizes = {}) {
  const next = random(seed);
  const pick = (list) => list[Math.floor(next() * list.length)];
  const sentence = (n) => {
    const words = Array.from({ length: n }, () => pick(WORDS));
    words[0] = words[0][0].toUpperCase() + words[0].slice(1);
    words[Math.floor(next() * n)] = `*${pick(WORDS)}*`;
    return `${words.join(' ')}.`;
  };
  const n = {
    people: 4,
    programme: 8,
    sections: 3,
    facts: 5,
    chronology: 20,
    topics: 4,
    points: 3,
    sources: 6,
    ...sizes,
  };
  const sources = Array.from({ length: n.sources }, (_, i) => ({
    id: `src-${i + 1}`,
    title: `${sentence(6).slice(0, -1)} (${2000 + i})`,
    publisher: pick(['Ministry of Foreign Affairs', 'NATO', 'Korea Maritime Institute', 'Yonhap']),
    date: `${2010 + (i % 10)}-0${1 + (i % 9)}-1${i % 9}`,
  }));
  const source = () => pick(sources).id;
  // Oldest first, as a careful author would keep them: 70 years spread over the entries.
  const month = (i) => {
    const m = Math.floor((i * 70 * 12) / Math.max(n.chronology, 1));
    return `${1950 + Math.floor(m / 12)}-${String((m % 12) + 1).padStart(2, '0')}`;
  };
  return {
    id,
    title: `Visit of the Minister of ${pick(WORDS)} to the Republic of Korea (${seed})`,
    marking: 'UNCLASSIFIED',
    prepared: '2017-10-30',
    visit: {
      visitor: {
        name: `Visitor ${seed}`,
        title: 'Minister',
        organization: 'Ministry of Benchmarks',
        native_name: pick(HANGUL),
      },
      host: { country: 'Republic of Korea', city: 'Seoul' },
      start: '2017-10-31',
      end: '2017-11-02',
      purpose: sentence(24),
    },
    people: Array.from({ length: n.people }, (_, i) => ({
      name: `Person ${i + 1}`,
      native_name: pick(HANGUL),
      role: sentence(6).slice(0, -1),
      bio: `${sentence(18)} ${sentence(14)}`,
    })),
    programme: Array.from({ length: n.programme }, (_, i) => ({
      date: `2017-1${i < n.programme / 2 ? '0-31' : '1-01'}`,
      time: `${String(8 + (i % 10)).padStart(2, '0')}:${i % 2 ? '30' : '00'}`,
      item: sentence(8).slice(0, -1),
      place: pick(['Seoul', 'National Assembly', 'Blue House', 'Busan']),
    })),
    facts: Array.from({ length: n.sections }, (_, s) => ({
      section: `Section ${s + 1}: ${pick(WORDS)}`,
      items: Array.from({ length: n.facts }, (_, i) => ({
        label: sentence(5).slice(0, -1).replace(/\*/g, ''),
        value: `${(i + 1) * 17 + s} million`,
        source: source(),
      })),
    })),
    // Like the samples' entries: one sourced sentence of eight to twelve words.
    chronology: Array.from({ length: n.chronology }, (_, i) => ({
      date: month(i),
      event: sentence(8 + (i % 5)),
      source: source(),
    })),
    talking_points: Array.from({ length: n.topics }, () => ({
      topic: `${sentence(5).slice(0, -1).replace(/\*/g, '')}`,
      points: Array.from({ length: n.points }, (_, i) =>
        i % 2 ? { text: sentence(20), source: source() } : sentence(18),
      ),
      if_asked: [{ question: `${sentence(9).slice(0, -1)}?`, answer: sentence(15) }],
    })),
    sources,
  };
}

/** A visit about the size of the 2017 sample (an estimate): six or seven pages across its three documents. */
export const sampleSized = (id, seed) => generateVisit(id, seed);

/** Native names in twelve scripts (and forms of Han), with their languages. */
const NAMES_IN_SCRIPTS = [
  ['Đặng Thu Hà', 'vi'],
  ['Αλέξανδρος Ζαφειρίου', 'el'],
  ['Светлана Кравец', 'ru'],
  ['오세훈', 'ko'],
  ['高橋 みどり', 'ja'],
  ['王建国', 'zh-Hans'],
  ['陳美玲', 'zh-Hant'],
  ['نورة القحطاني', 'ar'],
  ['דוד אלמוג', 'he'],
  ['ประยุทธ์ วงศ์ใหญ่', 'th'],
  ['सुनीता वर्मा', 'hi'],
  ['ഗോപിക രാജൻ', 'ml'],
];

/**
 * A visit whose people have native names in twelve scripts, or (latinOnly) none: the same
 * document otherwise, so the two fact sheets show what the other scripts' fonts cost.
 */
export function scriptsVisit(id, latinOnly) {
  const visit = generateVisit(id, 3, { people: NAMES_IN_SCRIPTS.length });
  delete visit.visit.visitor.native_name;
  visit.people.forEach((person, i) => {
    const [name, lang] = NAMES_IN_SCRIPTS[i];
    if (latinOnly) delete person.native_name;
    else Object.assign(person, { native_name: name, native_lang: lang });
  });
  return visit;
}

/**
 * Ten camera photos of 12 megapixels (4000 × 3000 JPEG, noise over a gradient: the hardest to
 * shrink), written into `dir`; a visit naming them (the visitor and nine people).
 */
export async function photoVisit(dir, id) {
  const { default: sharp } = await import('sharp');
  const { writeFileSync } = await import('node:fs');
  const { join } = await import('node:path');
  const width = 4000;
  const height = 3000;
  const photos = [];
  for (let n = 0; n < 10; n++) {
    const next = random(n + 1);
    const raw = Buffer.alloc(width * height * 3);
    for (let i = 0; i < raw.length; i++) raw[i] = (((i / 3) % width) * 160) / width + Math.floor(next() * 96);
    const name = `photo-${n + 1}.jpg`;
    writeFileSync(
      join(dir, name),
      await sharp(raw, { raw: { width, height, channels: 3 } })
        .jpeg({ quality: 90 })
        .toBuffer(),
    );
    photos.push(name);
  }
  const visit = generateVisit(id, 11, { people: 9 });
  visit.visit.visitor.photo = photos[0];
  visit.people.forEach((person, i) => {
    person.photo = photos[i + 1];
  });
  return visit;
}

/**
 * Twenty edits to a visit's chronology, as a revision brings them: eight events reworded, four
 * dates corrected, four entries removed, four added.
 */
export function chronologyEdits(visit) {
  const edited = structuredClone(visit);
  const entries = edited.chronology;
  const step = Math.floor(entries.length / 24);
  for (let i = 0; i < 8; i++) entries[(i + 1) * step].event = `${entries[(i + 1) * step].event} (corrected)`;
  for (let i = 8; i < 12; i++) {
    const entry = entries[(i + 1) * step];
    entry.date = `${entry.date.slice(0, 5)}${entry.date.slice(5) === '12' ? '11' : '12'}`;
  }
  const removed = new Set([13, 14, 15, 16].map((i) => (i + 1) * step));
  edited.chronology = entries.filter((_, i) => !removed.has(i));
  for (let i = 0; i < 4; i++)
    edited.chronology.push({ date: `2019-0${i + 1}`, event: `A new entry number ${i + 1} of this revision.` });
  return edited;
}
