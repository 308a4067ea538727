"""Events: labels, roles, counts, dates, modality, merging and ids."""

from __future__ import annotations

from milgraph.graph.records import Document, ReportMeta
from milgraph.loaders.extract import extract_document, extract_text
from milgraph.loaders.resolve import event_id


def events(text: str, **kw):
    return extract_text(text, **kw).events


def one(text: str, label: str, **kw):
    return next(e for e in events(text, **kw) if e.label == label)


def test_transfer_with_from_to_and_cargo():
    ev = one("Russia is shipping Pantsir-S1 systems from Tartus to Benghazi.", "Transfer",
             published="2025-01-10")
    assert ev.roles["BY"] == ["actor:russia"]
    assert ev.roles["CARRIED"] == ["equipment:pantsir-s1"]
    assert ev.roles["FROM"] == ["base:tartus"] and ev.roles["TO"] == ["place:benghazi"]


def test_single_aircraft_movement_is_a_flight():
    ev = one("An Aviacon Zitotrans aircraft carried munitions from Minsk to Bamako.", "Flight")
    assert ev.roles["OPERATED_BY"] == ["actor:aviacon-zitotrans"]
    assert "BY" not in ev.roles
    assert ev.roles["TO"] == ["place:bamako"]


def test_route_compound_and_trip_count():
    ev = one("A Russian Il-76 flew three Syria-Libya trips this week.", "Flight", published="2025-01-10")
    assert ev.count == 3
    assert ev.roles["FROM"] == ["place:syria"] and ev.roles["TO"] == ["place:libya"]
    assert ev.roles["BY"] == ["actor:russia"]


def test_last_night_is_the_day_before_publication():
    ev = one("A Russian An-124 (RA-82077) landed at Benina last night.", "Flight", published="2025-03-05")
    assert ev.date == "2025-03-04" and ev.date_precision == "day"
    assert ev.roles["USING"] == ["aircraft:ra-82077"]


def test_voyage_with_named_ships_and_planned_schedule():
    ev = one("The tanker Vyazma and the frigate Admiral Grigorovich are expected to arrive at Tobruk on Feb. 2.",
             "Voyage", published="2025-01-28")
    assert set(ev.roles["USING"]) == {"vessel:vyazma", "vessel:admiral-grigorovich"}
    assert ev.roles["TO"] == ["base:tobruk"]
    assert ev.modality == "planned" and ev.date == "2025-02-02"


def test_withdrawal_from_country():
    ev = one("Moscow has begun withdrawing its forces from Syria.", "Withdrawal", published="2025-01-10")
    assert ev.roles == {"BY": ["actor:russia"], "FROM": ["place:syria"]}
    assert ev.date == "2025-01" and ev.date_precision == "month"


def test_talks_between_named_people():
    ev = one("On Feb. 4, Ibrahim Traore held a phone call with Vladimir Putin.", "Talks", published="2025-02-06")
    assert set(ev.roles["PARTICIPANT"]) == {"actor:ibrahim-traore", "actor:vladimir-putin"}
    assert ev.date == "2025-02-04"


def test_construction_about_base():
    ev = one("Russian engineers are refurbishing the runway at al-Jufra.", "Construction")
    assert ev.roles["ABOUT"] == ["base:al-jufra"]


def test_negated_sighting_is_no_event():
    assert not [e for e in events("Never before had a Russian jet landed at Kufra airport.") if e.label == "Flight"]


def test_title_and_body_telling_the_same_move_merge():
    doc = Document(text="Russia is moving S-300 launchers from Syria to eastern Libya, officials said.",
                   meta=ReportMeta(id="r1", title="Russia moves air defences from Syria to Libya"))
    transfers = [e for e in extract_document(doc).events if e.label == "Transfer"]
    assert len(transfers) == 1
    assert transfers[0].roles["TO"] == ["place:eastern-libya"]  # the more specific place
    assert transfers[0].roles["CARRIED"] == ["equipment:s-300"]  # the specific system


def test_event_id_ignores_day_and_report():
    a = one("Russia moved S-400 radars from Syria to Libya on 3 January 2025.", "Transfer")
    b = one("In January 2025, Moscow shifted S-400 equipment out of Syria to Libya.", "Transfer")
    assert event_id(a) == event_id(b)
    assert a.id == event_id(a)


def test_roles_point_to_entities_and_spans_to_text():
    text = "Sudan offered Russia a naval base at Port Sudan in exchange for air defence systems."
    ex = extract_text(text)
    ents = {e.id for e in ex.entities}
    for ev in ex.events:
        assert all(x in ents for ids in ev.roles.values() for x in ids)
        assert text[ev.span.start:ev.span.end] in ev.evidence


def test_extraction_is_deterministic():
    text = "Russia is moving S-300 launchers from Syria to eastern Libya, US officials told Reuters."
    assert extract_text(text).to_json() == extract_text(text).to_json()


def test_according_to_is_no_agreement():
    assert not any(e.label == "Talks" for e in events(
        "According to a local official, Russia will send trucks to Gao."))


def test_transport_aircraft_is_no_transfer_by_itself():
    evs = events("Russian transport aircraft made four flights from Khmeimim to Benina.", published="2025-01-20")
    assert [e.label for e in evs] == ["Flight"]
    assert evs[0].roles["FROM"] == ["base:khmeimim"] and evs[0].roles["TO"] == ["base:benina"]


def test_ships_leaving_a_port_bound_for_another_is_a_voyage():
    ev = one("The landing ship Ivan Gren left Tartus in late January, bound for Tobruk.", "Voyage",
             published="2025-02-14")
    assert ev.roles["FROM"] == ["base:tartus"] and ev.roles["TO"] == ["base:tobruk"]
    assert ev.date == "2025-01"


def test_thinning_out_a_garrison_is_a_withdrawal_from_its_base():
    ev = one("Russia has been thinning out its garrison at the Tartus naval base.", "Withdrawal")
    assert ev.roles["BY"] == ["actor:russia"] and ev.roles["FROM"] == ["base:tartus"]


def test_construction_without_a_place_takes_the_base_just_named():
    ev = one("Diggers were seen at Matan al-Sarra. Russian engineers came in April to resurface the runway.",
             "Construction", published="2025-05-02")
    assert ev.roles["ABOUT"] == ["base:matan-al-sarra"] and ev.roles["BY"] == ["actor:russia"]


def test_the_agreement_takes_its_party_from_the_clause_before():
    ev = one("Moscow is pursuing a naval facility at Port Sudan; officials said the agreement awaits ratification.",
             "Talks")
    assert ev.roles["PARTICIPANT"] == ["actor:russia"] and ev.roles["ABOUT"] == ["base:port-sudan"]


def test_demonym_on_the_vehicle_beats_an_earlier_subject():
    ev = one("Togo signed a cooperation deal with Moscow, and Russian An-124 transports have since landed at Lome airport.",
             "Flight")
    assert ev.roles["BY"] == ["actor:russia"]


def test_last_week_is_dated_a_week_before_publication():
    ev = one("A Russian Il-76 landed at Bamako airport last week.", "Flight", published="2025-05-02")
    assert ev.date == "2025-04"


def test_registered_in_a_country_is_no_agent():
    ev = one("A Belarus-registered Il-76 flew from Minsk to Bamako.", "Flight")
    assert "BY" not in ev.roles


def test_received_from_a_state_is_a_transfer_by_that_state():
    ev = one("The army said Pantsir-S1 systems had been received from the Russian Federation.", "Transfer")
    assert ev.roles["BY"] == ["actor:russia"] and ev.roles["FROM"] == ["place:russia"]
    assert ev.roles["CARRIED"] == ["equipment:pantsir-s1"]


def test_cargo_flown_somewhere_is_a_transfer():
    ev = one("Spare parts were flown to Bamako and Niamey in March.", "Transfer", published="2025-06-03")
    assert ev.roles["TO"] == ["place:bamako", "place:niamey"]


def test_the_ship_is_the_one_ship_named():
    ev = one("The Russian tanker Akademik Pashin berthed at Port Sudan. It is unclear whether the ship delivered fuel.",
             "Transfer")
    assert ev.roles["USING"] == ["vessel:akademik-pashin"] and ev.modality == "possible"


def test_the_speaker_is_not_the_agent_of_what_it_reports():
    ev = one("Mali's defence ministry said that radar units were delivered by Russia to Gao in May.",
             "Transfer", published="2025-06-02")
    assert ev.roles["BY"] == ["actor:russia"]
    assert ev.modality == "reported"


def test_state_that_sources_are_close_to_is_not_the_agent():
    ev = one("Sources close to Niger's junta said Russian trainers had arrived on a cargo flight from Bamako.",
             "Flight")
    assert "actor:niger" not in ev.roles.get("BY", [])


def test_speaker_reporting_its_own_move_stays_the_agent():
    ev = one("Wagner said it was pulling out of Mali and returning home.", "Withdrawal")
    assert ev.roles["BY"] == ["actor:wagner-group"]


def test_the_month_may_is_no_hedge():
    ev = one("Russia flew two Il-76s to Bamako on 14 May.", "Flight", published="2025-05-20")
    assert ev.modality == "confirmed"


def test_days_later_counts_from_the_date_before_in_the_sentence():
    evs = [e for e in events("On 3 June an Il-76 of the Russian Air Force flew from Khmeimim to Benina, "
                             "and three days later it flew on to Bamako.", published="2025-06-20")
           if e.label == "Flight"]
    assert sorted(e.date for e in evs) == ["2025-06-03", "2025-06-06"]


def test_days_after_an_earlier_event_counts_from_its_date():
    evs = events("A Russian Il-76 flew instructors to Niamey airport on 2 July. Two days after the Niamey flight, "
                 "a second group of Russian troops landed at Gao.", published="2025-07-15")
    gao = next(e for e in evs if "place:gao" in e.roles.get("TO", []))
    assert gao.date == "2025-07-04"


def test_unnamed_sources_make_a_claim_reported_and_are_its_source():
    # guide §4: whoever a claim is attributed to is a Source, anonymous people included
    ev = one("Residents near the airport say Russian engineers arrived in Gao last week.", "Deployment",
             published="2025-07-15")
    assert ev.modality == "reported" and ev.attributed_to == ["residents"]


def test_it_after_one_named_airframe_is_that_airframe():
    evs = [e for e in events("The Il-76 RA-78830 of the Russian Air Force was parked at Benina on 4 May. "
                             "Two days later it flew on to Bangui.", published="2025-05-20") if e.label == "Flight"]
    bangui = next(e for e in evs if "place:bangui" in e.roles.get("TO", []))
    assert bangui.roles["USING"] == ["aircraft:ra-78830"] and bangui.date == "2025-05-06"


def test_convoy_passing_a_strait_is_a_voyage_by_its_state():
    ev = one("A Russian naval convoy passed through the Strait of Gibraltar, heading for the Libyan port of Tobruk.",
             "Voyage")
    assert ev.roles["BY"] == ["actor:russia"] and ev.roles["TO"] == ["base:tobruk"]


def test_ship_spotters_move_nothing():
    assert not [e for e in events("Ship spotters in Istanbul counted four tankers this week.") if e.label == "Transfer"]


def test_pulled_its_hardware_out_of_is_a_withdrawal():
    ev = one("Russia pulled most of its heavy hardware out of Tartus in January.", "Withdrawal",
             published="2025-03-01")
    assert ev.roles["FROM"] == ["base:tartus"]


def test_personnel_from_a_state_force_fly_on_behalf_of_its_state():
    ev = one("Trainers from the Africa Corps arrived on a cargo flight from Bamako on 2 July.", "Flight",
             published="2025-07-15")
    assert ev.roles["OPERATED_BY"] == ["actor:africa-corps"] and ev.roles["BY"] == ["actor:russia"]


def test_residents_living_near_a_base_say_is_reported():
    ev = one("Residents living near Gao airport say Russian engineers arrived in Gao last week.", "Deployment",
             published="2025-07-15")
    assert ev.modality == "reported"


# --- generalisation round 4 (held-out-like 11-13): one behaviour per test, own sentences

def test_passive_and_intransitive_building_is_construction():
    ev = one("Engineers say a row of new shelters is being put up at Khmeimim.", "Construction",
             published="2025-04-02")
    assert ev.roles["ABOUT"] == ["base:khmeimim"]
    ev = one("Fresh barracks are going up beside Bangui airport.", "Construction", published="2025-04-02")
    assert "base:bangui-airport" in ev.roles["ABOUT"]


def test_troop_rotations_and_sending_troops_are_deployments():
    ev = one("Russia is rotating fresh troops into Mali through Niamey.", "Deployment", published="2025-04-02")
    assert ev.roles["BY"] == ["actor:russia"] and ev.roles["TO"] == ["place:mali"]
    assert ev.roles["VIA"] == ["place:niamey"]
    ev = one("Moscow plans to send 150 more soldiers to the Central African Republic.", "Deployment")
    assert ev.roles["TO"] == ["place:central-african-republic"] and ev.modality == "planned"


def test_numbered_ship_subject_docking_is_a_voyage():
    ev = one("Three Russian landing ships docked at Tartus on 4 May.", "Voyage", published="2025-05-06")
    assert ev.roles["BY"] == ["actor:russia"] and ev.roles["TO"] == ["base:tartus"]


def test_aircraft_type_subject_carrying_is_a_flight_and_from_there_continues():
    evs = events("The troops were flown from Chkalovsky to Bamako. From there an An-26 carries them to Gao.",
                 published="2025-04-02")
    leg = next(e for e in evs if e.label == "Flight" and e.roles.get("TO") == ["place:gao"])
    assert leg.roles["FROM"] == ["place:bamako"]


def test_personnel_flown_back_home_is_a_withdrawal():
    ev = one("The departing contingent was flown back to Russia in May.", "Withdrawal", published="2025-06-02")
    assert ev.roles["TO"] == ["place:russia"]


def test_leave_and_crossed_give_from_and_via():
    ev = one("The cargo ship Sparta II will leave Baltiysk and cross the Mediterranean to Tobruk.", "Voyage")
    assert ev.roles["FROM"] == ["base:baltiysk"] and ev.roles["TO"] == ["base:tobruk"]
    ev = one("The cargo ship Sparta II crossed the central Mediterranean to Tobruk.", "Voyage")
    assert ev.roles["VIA"] == ["place:mediterranean"]


def test_demonym_on_the_equipment_is_the_agent():
    ev = one("Analysts describe a withdrawal of Russian hardware from Syria.", "Withdrawal", published="2025-02-02")
    assert ev.roles["BY"] == ["actor:russia"] and ev.roles["FROM"] == ["place:syria"]


def test_coordinated_talks_subject_and_demonym_parties():
    ev = one("Assimi Goita and Vladimir Putin discussed grain deliveries by phone.", "Talks")
    assert set(ev.roles["PARTICIPANT"]) == {"actor:assimi-goita", "actor:vladimir-putin"}
    ev = one("Talks on a Russian naval hub at Port Sudan have resumed.", "Talks", published="2025-02-02")
    assert set(ev.roles["PARTICIPANT"]) == {"actor:russia", "actor:sudan"}


def test_airframe_back_at_a_base_is_a_return_flight():
    evs = events("An An-124 (RA-82077) flew from Khmeimim to Benina on 3 May. The An-124 was back at Khmeimim on 5 May.",
                 published="2025-05-07")
    back = next(e for e in evs if e.label == "Flight" and e.roles.get("TO") == ["base:khmeimim"])
    assert back.roles["USING"] == ["aircraft:ra-82077"] and back.date == "2025-05-05"


def test_an_expected_voyage_does_not_merge_into_one_that_happened():
    evs = events("Two Russian cargo ships docked at Tobruk on Monday. The landing ship Ivan Gren is expected to "
                 "sail to Tobruk next month.", published="2025-05-07")
    voyages = [e for e in evs if e.label == "Voyage"]
    assert len(voyages) == 2 and {e.modality for e in voyages} >= {"planned"}


def test_a_named_logistics_facility_in_a_deal_is_a_planned_construction_by_its_demonym():
    ev = one("Khartoum has still not ratified the deal on the Russian naval logistics centre at Port Sudan.",
             "Construction")
    assert ev.roles["BY"] == ["actor:russia"] and ev.roles["ABOUT"] == ["base:port-sudan"]
    assert not [e for e in events("Russian naval logistics centre staff were seen at Port Sudan.")
                if e.label == "Construction"]


def test_asking_for_equipment_is_a_transfer_to_the_one_asking():
    ev = one("The Malian junta has requested more Pantsir-S1 batteries.", "Transfer")
    assert ev.roles["CARRIED"] == ["equipment:pantsir-s1"] and ev.roles["TO"] == ["place:mali"]
    assert "BY" not in ev.roles


def test_cargo_unloaded_from_an_aircraft_is_a_flight():
    ev = one("Crates were unloaded from an Il-76 at Bangui airport on 3 May.", "Flight", published="2025-05-05")
    assert ev.roles["TO"] == ["base:bangui-airport"]
    assert "CARRIED" not in ev.roles


def test_one_of_them_after_aircraft_is_the_flight_it_carried():
    evs = events("Two Il-76 transports landed at Gao on 3 May. One of them carried Pantsir-S1 launchers.", published="2025-05-05")
    assert any(e.label == "Flight" and e.roles.get("CARRIED") == ["equipment:pantsir-s1"] for e in evs)
    evs = events("Two Il-76 transports landed at Gao on 3 May. What it carried is unknown, but Russia supplied Pantsir-S1 launchers to Mali.",
                 published="2025-05-05")
    assert not any(e.label == "Flight" and e.roles.get("CARRIED") for e in evs)


def test_publisher_name_holds_no_place():
    ev = one("Trucks were driven to Tamanrasset, a source told the Fezzan Weekly.", "Transfer",
             publisher="Fezzan Weekly")
    assert "place:fezzan" not in ev.roles.get("TO", [])


def test_dateline_country_is_not_the_agent():
    ev = one("GAO, Mali - Transport planes have been landing at Gao almost daily.", "Flight", published="2025-03-03")
    assert "BY" not in ev.roles and ev.roles["TO"] == ["place:gao"]


def test_relative_clause_with_a_movement_verb_is_the_next_leg():
    evs = events("Il-76s arrive from Benina and unload crates that are then driven to Brak al-Shati.")
    assert any(e.label == "Flight" and e.roles.get("FROM") == ["base:benina"] and "TO" not in e.roles for e in evs)
    assert any(e.label == "Transfer" and e.roles.get("TO") == ["base:brak-al-shati"] for e in evs)


def test_forces_that_left_a_country_after_since_is_a_withdrawal():
    ev = one("Convoys have multiplied since Russian troops left Mali.", "Withdrawal")
    assert ev.roles["BY"] == ["actor:russia"] and ev.roles["FROM"] == ["place:mali"]


def test_talks_partner_after_a_demonym_and_title():
    ev = one("Assimi Goita held talks with Russian defence minister Andrei Belousov.", "Talks")
    assert set(ev.roles["PARTICIPANT"]) == {"actor:assimi-goita", "actor:andrei-belousov"}


def test_the_frigate_is_the_frigate_named_not_the_last_ship():
    evs = events("The frigate Admiral Grigorovich left Tartus with the tanker Vyazma on 3 May. "
                 "On 9 May the frigate sailed to the Red Sea.", published="2025-05-12")
    later = next(e for e in evs if e.label == "Voyage" and e.roles.get("TO") == ["place:red-sea"])
    assert later.roles["USING"] == ["vessel:admiral-grigorovich"]


def test_a_demonym_before_a_preposition_does_not_head_the_vehicle():
    ev = one("The crew will train Sudanese sailors before the Russian frigate Admiral Grigorovich sails to the Indian Ocean.",
             "Voyage")
    assert ev.roles["BY"] == ["actor:russia"]


def test_government_in_the_capital_is_the_state():
    ev = one("Moscow and the new authorities in Bamako held talks on the airport.", "Talks")
    assert "actor:mali" in ev.roles["PARTICIPANT"]


def test_replacing_one_force_with_another_is_a_deployment_there():
    ev = one("Moscow has begun replacing Wagner fighters in Mali with Africa Corps personnel.", "Deployment",
             published="2025-06-02")
    assert ev.roles["BY"] == ["actor:russia"] and ev.roles["TO"] == ["place:mali"]
    assert not any("fighter" in x for r in ev.roles.values() for x in r)


def test_personnel_flown_out_of_a_base_is_a_withdrawal_and_cargo_is_not():
    evs = events("About 300 Wagner contractors were flown out of Bangui airport in May.", published="2025-06-02")
    wd = next(e for e in evs if e.label == "Withdrawal")
    assert wd.roles["BY"] == ["actor:wagner-group"] and wd.roles["FROM"] == ["base:bangui-airport"]
    assert not [e for e in events("Crates were shipped out of Tartus in May.", published="2025-06-02") if e.label == "Withdrawal"]


def test_unit_reaching_a_base_from_a_port_of_a_country():
    ev = one("The first Africa Corps unit reached Berengo after a road journey from Cameroon's port of Kribi.",
             "Deployment", published="2025-06-02")
    assert ev.roles["TO"] == ["base:berengo"] and "place:cameroon" not in ev.roles.get("FROM", [])


def test_where_clause_with_a_ship_is_a_voyage_to_the_place_before():
    evs = events("The convoy left Tobruk, where its trucks had been offloaded from the cargo ship Sparta III.")
    v = next(e for e in evs if e.label == "Voyage" and "vessel:sparta-iii" in e.roles.get("USING", []))
    assert v.roles["TO"] == ["base:tobruk"]


def test_named_ships_as_subject_make_a_voyage_but_not_as_instrument():
    ev = one("The landing ships Ivan Gren and Alexander Otrakovsky carried tanks from Tartus to Tobruk.", "Voyage")
    assert ev.roles["FROM"] == ["base:tartus"] and ev.roles["TO"] == ["base:tobruk"]
    ev = one("Russia plans to use the cargo ships Sparta and Sparta II to carry tanks from Tartus to Tobruk.", "Transfer")
    assert ev.roles["TO"] == ["base:tobruk"]


def test_airframe_tracked_from_a_to_b_is_a_flight():
    ev = one("An Il-76 registered as EW-78827 was tracked from Khmeimim to Benina on 21 March.", "Flight",
             published="2025-03-26")
    assert ev.roles["FROM"] == ["base:khmeimim"] and ev.roles["TO"] == ["base:benina"]


def test_planning_a_base_is_a_construction():
    ev = one("Moscow is also reported to be planning a small air base near Bangui airport.", "Construction")
    assert ev.roles["BY"] == ["actor:russia"] and ev.roles["ABOUT"] == ["base:bangui-airport"]


def test_and_on_to_is_the_next_leg_of_the_same_airframe():
    evs = events("An Il-76 registered as EW-78827 was tracked from Khmeimim to Benina on 21 March and on to Minsk "
                 "the following day.", published="2025-03-26")
    legs = sorted((e for e in evs if e.label == "Flight"), key=lambda e: e.date or "")
    assert [(x.roles["FROM"], x.roles["TO"]) for x in legs] == [(["base:khmeimim"], ["base:benina"]),
                                                               (["base:benina"], ["place:minsk"])]
    assert legs[1].roles["USING"] == ["aircraft:ew-78827"] and legs[1].date == "2025-03-22"


def test_helicopters_loaded_into_a_plane_are_the_cargo_not_the_plane():
    ev = one("Two Mi-8 helicopters were loaded into an An-124 at Khmeimim.", "Transfer")
    assert ev.roles["CARRIED"] == ["equipment:mi-8"]


def test_many_sorties_and_one_named_airframe_stay_two_flights():
    evs = events("Russia flew a dozen sorties out of Khmeimim to Libya this week. Among them, RA-82014 flew from "
                 "Khmeimim to Benina on 21 March.", published="2025-03-26")
    assert len([e for e in evs if e.label == "Flight"]) == 2


def test_a_question_claims_no_event():
    assert not events("What is Russia moving through Libya?")


def test_cargo_later_flown_is_a_transfer():
    ev = one("Part of that hardware was later flown from al-Khadim to Bamako.", "Transfer")
    assert ev.roles["FROM"] == ["base:al-khadim"] and ev.roles["TO"] == ["place:bamako"]


def test_planes_refuelling_on_the_way_is_a_flight_but_refuelling_stops_are_not():
    ev = one("Russian transport planes refuel at Benina on the way to the Sahel.", "Flight")
    assert ev.roles["TO"] == ["place:sahel"] and ev.roles["BY"] == ["actor:russia"]
    assert not [e for e in events("The airfield offers refuelling stops to cargo planes bound for the Sahel.")
                if e.label == "Flight"]


def test_registered_aircraft_photographed_unloading_is_a_flight():
    ev = one("In April a Kyrgyz-registered Il-76 was photographed unloading crates at Matan al-Sarra.", "Flight",
             published="2025-05-20")
    assert ev.roles["TO"] == ["base:matan-al-sarra"] and "CARRIED" not in ev.roles


def test_runway_works_and_a_radar_post_are_construction():
    ev = one("Work to lengthen the runway at al-Jufra began in March.", "Construction", published="2025-05-20")
    assert ev.roles["ABOUT"] == ["base:al-jufra"]


def test_met_a_named_leader_is_talks():
    ev = one("Haftar visited Moscow in 2023 and met President Vladimir Putin.", "Talks")
    assert set(ev.roles["PARTICIPANT"]) == {"actor:khalifa-haftar", "actor:vladimir-putin"}
    assert not [e for e in events("One flight was met by a convoy of trucks at Gao.") if e.label == "Talks"]


def test_country_header_of_a_digest_is_not_the_agent():
    ev = one("LIBYA: Two Russian Il-76s flew from Benina to Bamako on Thursday.", "Flight", published="2025-09-30")
    assert ev.roles["BY"] == ["actor:russia"]


def test_received_through_a_port_goes_to_the_receiver_not_the_speakers_city():
    ev = one("The Sudanese army received a shipment of Kornet missiles through Port Sudan, according to a diplomat in Khartoum.",
             "Transfer")
    assert ev.roles["TO"] == ["place:sudan"] and ev.roles["VIA"] == ["base:port-sudan"]
    assert "BY" not in ev.roles


def test_ships_returned_to_a_base_is_a_voyage_and_the_earlier_deployment_is_background():
    evs = events("The landing ship Korolev returned to Baltiysk on Sunday after a three-month deployment to the "
                 "Mediterranean.", published="2025-04-15")
    v = next(e for e in evs if e.label == "Voyage")
    assert v.roles["TO"] == ["base:baltiysk"] and v.roles["USING"] == ["vessel:korolev"]
    assert not [e for e in evs if e.label == "Deployment"]


def test_a_second_movement_verb_opens_its_own_event():
    evs = events("The landing ship Korolev delivered cargo to Tartus and evacuated troops from Khmeimim.")
    assert any(e.label == "Withdrawal" and e.roles.get("FROM") == ["base:khmeimim"] and "TO" not in e.roles for e in evs)


def test_flew_over_a_country_is_via():
    ev = one("Most of the Il-76s departed from Kufra and flew over Chad to Nyala.", "Flight")
    assert ev.roles["VIA"] == ["place:chad"] and ev.roles["TO"] == ["place:nyala"]


def test_a_coordinated_claim_of_others_is_its_own_clause():
    evs = events("Russia agreed in February to resume cooperation with Sudan, and Sudanese officials say two Su-25 jets "
                 "were handed over in June.", published="2025-07-08")
    talks = next(e for e in evs if e.label == "Talks")
    assert "ABOUT" not in talks.roles


def test_ships_passing_east_of_a_country_on_their_way_somewhere():
    ev = one("A Russian tanker, escorted by the corvette Stoikiy, passed east of Malta on its way to Tobruk.", "Voyage")
    assert ev.roles["VIA"] == ["place:malta"] and ev.roles["TO"] == ["base:tobruk"]
    assert ev.roles["BY"] == ["actor:russia"]


def test_a_relative_clause_with_its_own_mover():
    evs = events("The trucks carry spare parts for the radars that Russia moved to al-Khadim last year.")
    assert any(e.label == "Transfer" and e.roles.get("BY") == ["actor:russia"] and e.roles.get("TO") == ["base:al-khadim"]
               for e in evs)


def test_weapons_arriving_are_a_transfer_and_a_single_cargo_ship_unloading_a_voyage():
    ev = one("Officials denied that Russian weapons had arrived at Tobruk.", "Transfer")
    assert ev.roles["TO"] == ["base:tobruk"] and ev.roles["BY"] == ["actor:russia"]
    ev = one("A Russian cargo ship unloaded artillery at Conakry.", "Voyage")
    assert ev.roles["TO"] == ["place:conakry"] and ev.roles["BY"] == ["actor:russia"]


def test_escort_and_recipient_are_not_the_agent_and_then_continues():
    evs = events("A Russian cargo ship unloaded artillery at Conakry. The shipment was then trucked to Bamako, "
                 "guarded by Malian troops.")
    tr = next(e for e in evs if e.label == "Transfer")
    assert "BY" not in tr.roles and tr.roles["FROM"] == ["place:conakry"] and tr.roles["TO"] == ["place:bamako"]


def test_it_signed_takes_the_subject_before():
    ev = one("Guinea's junta has not commented, but it signed a defence accord with Russia in 2023.", "Talks")
    assert set(ev.roles["PARTICIPANT"]) == {"actor:guinea", "actor:russia"}


def test_planning_to_refuel_with_no_place_is_no_voyage():
    assert not [e for e in events("The frigate Admiral Golovko is reportedly planning to refuel.") if e.label == "Voyage"]


def test_delivered_aboard_a_russian_plane_is_a_flight_by_russia():
    ev = one("Pantsir-S1 systems were delivered to Benina on Friday aboard a Russian An-124.", "Flight",
             published="2025-06-24")
    assert ev.roles["BY"] == ["actor:russia"] and ev.roles["CARRIED"] == ["equipment:pantsir-s1"]
    assert ev.roles["TO"] == ["base:benina"]


def test_deployed_around_places_and_a_denial_of_ones_own_move():
    ev = one("The systems are to be deployed around Sirte and al-Jufra.", "Deployment")
    assert set(ev.roles["TO"]) == {"place:sirte", "base:al-jufra"}
    ev = one("The Kremlin denies sending weapons to Libya.", "Transfer")
    assert ev.roles["BY"] == ["actor:russia"] and ev.modality == "denied"


def test_a_denied_move_does_not_merge_into_one_told():
    evs = events("Russian air defence systems reached Benina. The Kremlin denies sending weapons to Libya.")
    assert len([e for e in evs if e.label == "Transfer"]) == 2


def test_a_ship_that_lay_off_a_port_sails_from_it_and_its_position_and_destination():
    evs = events("The cargo ship Sparta IV lay anchored off Tartus before it sailed west on 1 February. "
                 "By Monday the ship was north of Crete, and its declared destination was Port Said.",
                 published="2025-02-05")
    v = [e for e in evs if e.label == "Voyage"]
    assert any(e.roles.get("FROM") == ["base:tartus"] for e in v)
    assert any(e.roles.get("VIA") == ["place:crete"] and e.roles.get("TO") == ["place:port-said"] for e in v)


def test_it_may_stop_at_then_continue_to():
    evs = events("The landing ship Ivan Gren left Tartus. It may instead stop at Tobruk before continuing to Baltiysk.")
    assert any(e.label == "Voyage" and e.roles.get("VIA") == ["base:tobruk"] and e.roles.get("TO") == ["base:baltiysk"]
               for e in evs)


def test_a_place_the_gazetteer_does_not_know_still_fills_a_route():
    ev = one("Russian trucks drove military equipment from Kribi to Garoua on Monday.", "Transfer", published="2025-05-05")
    assert ev.roles["FROM"] == ["place:kribi"] and ev.roles["TO"] == ["place:garoua"]
    ev = one("Wagner fighters flew to Birao, a town near the border, in May.", "Flight", published="2025-06-05")
    assert ev.roles["TO"] == ["place:birao"]


def test_unknown_place_fallback_skips_months_and_titles():
    evs = events("The convoy moved equipment to Gao in May.", published="2025-06-05")
    assert not any(x == "place:may" for e in evs for r in e.roles.values() for x in r)


def test_a_three_place_route_is_from_via_to():
    ev = one("The freighter EW-78827 is scheduled to fly Minsk-Benghazi-Bamako later this week.", "Flight",
             published="2025-08-12")
    assert ev.roles["FROM"] == ["place:minsk"] and ev.roles["VIA"] == ["place:benghazi"] and ev.roles["TO"] == ["place:bamako"]


def test_it_was_on_its_way_to_is_the_next_leg():
    evs = events("The Il-76 EW-78849 touched down at Benina on Sunday. By lunchtime it was on its way south to Kufra.",
                 published="2025-08-12")
    assert any(e.label == "Flight" and e.roles.get("TO") == ["place:kufra"] and e.roles.get("USING") == ["aircraft:ew-78849"]
               for e in evs)


def test_met_officials_of_a_state_and_both_bases():
    ev = one("Russia kept Khmeimim and Tartus. Mikhail Bogdanov met Syrian officials in Damascus to discuss the future "
             "of both bases.", "Talks")
    assert set(ev.roles["PARTICIPANT"]) >= {"actor:mikhail-bogdanov", "actor:syria"}


def test_another_vehicle_after_and_is_its_own_move():
    evs = events("The helicopters were flown to Khmeimim, and several trucks carrying ammunition left Qamishli by road.")
    fl = next(e for e in evs if e.label == "Flight" or (e.label == "Transfer" and e.roles.get("TO") == ["base:khmeimim"]))
    assert "equipment:ammunition" not in fl.roles.get("CARRIED", [])


def test_helicopters_arriving_aboard_a_plane_are_its_cargo():
    ev = one("Two Mi-24 helicopters arrived at Gao airport on Sunday aboard an Il-76.", "Flight", published="2025-12-02")
    assert ev.roles["CARRIED"] == ["equipment:mi-24"] and ev.roles["TO"] == ["base:gao-airport"]


def test_would_be_based_in_is_a_planned_deployment():
    ev = one("An officer said the helicopters would be based in Gao.", "Deployment")
    assert ev.roles["TO"] == ["place:gao"] and ev.modality == "planned"


def test_and_then_returned_is_the_same_ship_coming_back():
    evs = events("Last month the landing ship Kaliningrad delivered armoured vehicles to Tobruk and then returned to Tartus empty.",
                 published="2025-04-02")
    back = next(e for e in evs if e.label == "Voyage" and e.roles.get("TO") == ["base:tartus"])
    assert back.roles["USING"] == ["vessel:kaliningrad"] and back.roles["FROM"] == ["base:tobruk"]


def test_a_land_convoy_crossing_a_border_is_a_transfer():
    ev = one("A convoy of 40 trucks crossed from the Central African Republic into Darfur last week.", "Transfer",
             published="2025-07-29")
    assert ev.roles["FROM"] == ["place:central-african-republic"] and ev.roles["TO"] == ["place:darfur"]
