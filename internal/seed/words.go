package seed

// The word lists the synthetic stories are built from: each entry is one phrase in English
// and the same phrase in Assamese (Assamese script, ৰ and ৱ), written for Batori. Assamese
// sentences are put together subject–place–time–object–verb, as the language orders them.

type pair struct{ en, as string }

// places are district towns; an Assamese sentence adds the locative -ত to them.
var places = []pair{
	{"Guwahati", "গুৱাহাটী"}, {"Dibrugarh", "ডিব্ৰুগড়"}, {"Jorhat", "যোৰহাট"}, {"Tezpur", "তেজপুৰ"},
	{"Silchar", "শিলচৰ"}, {"Nagaon", "নগাঁও"}, {"Barpeta", "বৰপেটা"}, {"Dhubri", "ধুবুৰী"},
	{"Sivasagar", "শিৱসাগৰ"}, {"North Lakhimpur", "উত্তৰ লখিমপুৰ"}, {"Golaghat", "গোলাঘাট"},
	{"Kokrajhar", "কোকৰাঝাৰ"}, {"Diphu", "ডিফু"}, {"Tinsukia", "তিনিচুকীয়া"}, {"Morigaon", "মৰিগাঁও"},
	{"Bongaigaon", "বঙাইগাঁও"}, {"Nalbari", "নলবাৰী"}, {"Mangaldoi", "মঙলদৈ"},
}

// subjects do something; the Assamese carries the agent ending.
var subjects = []pair{
	{"the state government", "ৰাজ্য চৰকাৰে"}, {"the district administration", "জিলা প্ৰশাসনে"},
	{"the chief minister", "মুখ্যমন্ত্ৰীয়ে"}, {"farmers' groups", "কৃষক সংগঠনসমূহে"},
	{"the municipal corporation", "পৌৰ নিগমে"}, {"teachers", "শিক্ষকসকলে"},
	{"tea garden workers", "চাহ বাগিচাৰ শ্ৰমিকসকলে"}, {"the police", "আৰক্ষীয়ে"},
	{"students", "ছাত্ৰ-ছাত্ৰীসকলে"}, {"the forest department", "বন বিভাগে"},
	{"the health department", "স্বাস্থ্য বিভাগে"}, {"local traders", "স্থানীয় ব্যৱসায়ীসকলে"},
	{"the water resources department", "জলসম্পদ বিভাগে"}, {"a youth organisation", "এটা যুৱ সংগঠনে"},
}

// actions are what subjects do: the English verb phrase, the Assamese object and verb.
var actions = []pair{
	{"announced a new scheme for rural roads", "গ্ৰাম্য পথৰ বাবে এখন নতুন আঁচনি ঘোষণা কৰিছে"},
	{"reviewed preparations for the flood season", "বানপানীৰ বতৰৰ প্ৰস্তুতি পৰ্যালোচনা কৰিছে"},
	{"opened a new bridge over the river", "নদীৰ ওপৰত এখন নতুন দলং উদ্বোধন কৰিছে"},
	{"demanded better roads and drainage", "উন্নত পথ আৰু নলা-নৰ্দমাৰ দাবী জনাইছে"},
	{"held a meeting on drinking water", "খোৱা পানীৰ বিষয়ে এখন সভা অনুষ্ঠিত কৰিছে"},
	{"started a free health camp", "এটা বিনামূলীয়া স্বাস্থ্য শিবিৰ আৰম্ভ কৰিছে"},
	{"released funds for school buildings", "বিদ্যালয় গৃহৰ বাবে পুঁজি মুকলি কৰিছে"},
	{"planted saplings along the highway", "ঘাইপথৰ কাষে কাষে গছৰ পুলি ৰোপণ কৰিছে"},
	{"launched a drive against plastic waste", "প্লাষ্টিক আৱৰ্জনাৰ বিৰুদ্ধে এক অভিযান আৰম্ভ কৰিছে"},
	{"set up relief camps for displaced families", "গৃহহীন পৰিয়ালৰ বাবে সাহায্য শিবিৰ স্থাপন কৰিছে"},
	{"organised a book fair", "এখন গ্ৰন্থমেলাৰ আয়োজন কৰিছে"},
	{"inspected the new hospital wing", "চিকিৎসালয়ৰ নতুন অংশটো পৰিদৰ্শন কৰিছে"},
	{"honoured the district's best athletes", "জিলাখনৰ শ্ৰেষ্ঠ খেলুৱৈসকলক সন্মান জনাইছে"},
	{"called for fair prices for paddy", "ধানৰ উচিত মূল্যৰ দাবী জনাইছে"},
}

// days are said "on Monday" and সোমবাৰে.
var days = []pair{
	{"on Monday", "সোমবাৰে"}, {"on Tuesday", "মঙ্গলবাৰে"}, {"on Wednesday", "বুধবাৰে"},
	{"on Thursday", "বৃহস্পতিবাৰে"}, {"on Friday", "শুক্ৰবাৰে"}, {"on Saturday", "শনিবাৰে"},
	{"on Sunday", "দেওবাৰে"},
}

// remarks follow the opening sentence; {n} is replaced by a number.
var remarks = []pair{
	{"Officials said the work is expected to be finished within {n} months.", "বিষয়াসকলৰ মতে কামটো {n} মাহৰ ভিতৰত সমাপ্ত হোৱাৰ আশা কৰা হৈছে।"},
	{"Residents of the area welcomed the decision.", "অঞ্চলটোৰ স্থানীয় ৰাইজে এই সিদ্ধান্তক আদৰণি জনাইছে।"},
	{"About {n} people took part in the programme.", "কাৰ্যসূচীটোত প্ৰায় {n} জন লোকে অংশগ্ৰহণ কৰে।"},
	{"The matter is to be discussed again next week.", "অহা সপ্তাহত বিষয়টোক লৈ পুনৰ আলোচনা অনুষ্ঠিত হোৱাৰ কথা।"},
	{"Heavy rain disrupted traffic in several parts of the town.", "প্ৰবল বৰষুণৰ ফলত চহৰখনৰ কেইবাটাও অঞ্চলত যান-বাহন চলাচল ব্যাহত হয়।"},
	{"The project will cost about {n} crore rupees.", "প্ৰকল্পটোত প্ৰায় {n} কোটি টকা ব্যয় হ'ব।"},
	{"Opposition leaders questioned the delay.", "বিৰোধী দলৰ নেতাসকলে পলমৰ বাবে প্ৰশ্ন উত্থাপন কৰে।"},
	{"Women's self-help groups from {n} villages joined in.", "{n}খন গাঁৱৰ মহিলা আত্মসহায়ক গোটে ইয়াত যোগদান কৰে।"},
	{"The deputy commissioner asked officials to report every week.", "উপায়ুক্তই বিষয়াসকলক প্ৰতি সপ্তাহত প্ৰতিবেদন দাখিল কৰিবলৈ নিৰ্দেশ দিয়ে।"},
	{"Shopkeepers said business had picked up since the festival.", "দোকানীসকলৰ মতে উৎসৱৰ পিছত বেপাৰ-বাণিজ্য বৃদ্ধি পাইছে।"},
	{"Doctors advised people to drink boiled water.", "চিকিৎসকসকলে ৰাইজক উতলোৱা পানী খাবলৈ পৰামৰ্শ দিয়ে।"},
	{"A committee of {n} members will oversee the work.", "{n} জনীয়া এখন সমিতিয়ে কামৰ তদাৰক কৰিব।"},
	{"Villagers said the road had been in poor shape for years.", "গাঁওবাসীৰ মতে পথছোৱা বহু বছৰ ধৰি বেয়া অৱস্থাত আছে।"},
	{"The river was flowing close to the danger mark.", "নদীখন বিপদসীমাৰ ওচৰেৰে বৈ আছিল।"},
}

// standfirsts open a story under its headline.
var standfirsts = []pair{
	{"What the decision means for people in the district, and what comes next.", "জিলাখনৰ ৰাইজৰ বাবে এই সিদ্ধান্তৰ অৰ্থ কি, আৰু ইয়াৰ পিছত কি হ'ব।"},
	{"Officials and residents on the work ahead.", "আগন্তুক কামৰ বিষয়ে বিষয়া আৰু স্থানীয় ৰাইজৰ মতামত।"},
	{"A report from our correspondent.", "আমাৰ সংবাদদাতাৰ প্ৰতিবেদন।"},
	{"The plan has been months in the making.", "আঁচনিখন যুগুত কৰোঁতে কেইবামাহো লাগিছিল।"},
}

// firstNames and surnames make the synthetic reporters' and commenters' names.
var firstNames = []pair{
	{"Anjali", "অঞ্জলি"}, {"Bikash", "বিকাশ"}, {"Dipankar", "দীপংকৰ"}, {"Gitanjali", "গীতাঞ্জলি"},
	{"Hemanta", "হেমন্ত"}, {"Jonali", "জোনালী"}, {"Kaushik", "কৌশিক"}, {"Manashi", "মানসী"},
	{"Nabajit", "নৱজিৎ"}, {"Pallabi", "পল্লৱী"}, {"Rupam", "ৰূপম"}, {"Sangeeta", "সংগীতা"},
	{"Tarun", "তৰুণ"}, {"Upasana", "উপাসনা"},
}

var surnames = []pair{
	{"Das", "দাস"}, {"Baruah", "বৰুৱা"}, {"Gogoi", "গগৈ"}, {"Sarma", "শৰ্মা"}, {"Bora", "বৰা"},
	{"Kalita", "কলিতা"}, {"Hazarika", "হাজৰিকা"}, {"Phukan", "ফুকন"}, {"Medhi", "মেধি"},
	{"Choudhury", "চৌধুৰী"},
}

// opinions are readers' comments.
var opinions = []pair{
	{"Good report, thank you.", "ভাল বাতৰি, ধন্যবাদ।"},
	{"We have been waiting for this for a long time.", "আমি বহুদিনৰ পৰা ইয়াৰ বাবে অপেক্ষা কৰি আছোঁ।"},
	{"I hope the work is finished on time this year.", "আশা কৰোঁ এইবাৰ কামটো সময়মতে শেষ হ'ব।"},
	{"Please also report on the roads in our village.", "অনুগ্ৰহ কৰি আমাৰ গাঁৱৰ পথৰ বিষয়েও বাতৰি দিব।"},
	{"The same problem is there in our ward.", "আমাৰ ৱাৰ্ডতো একেই সমস্যা আছে।"},
	{"Well written. Thanks to the reporter.", "সুন্দৰকৈ লিখা হৈছে। সংবাদদাতাক ধন্যবাদ।"},
}
