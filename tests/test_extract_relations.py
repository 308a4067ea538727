"""Static relations read off sentences, with the modality of the proposition."""

from __future__ import annotations

from milgraph.loaders.extract import extract_text


def rels(text: str, **kw) -> dict[tuple[str, str, str], str]:
    return {(r.type, r.start, r.end): r.modality for r in extract_text(text, **kw).relations}


def test_x_backed_gives_backs():
    assert ("BACKS", "actor:russia", "actor:khalifa-haftar") in rels(
        "Fuel reached the Moscow-backed commander Khalifa Haftar by truck.")


def test_possessive_person_org_gives_leads():
    assert ("LEADS", "actor:khalifa-haftar", "actor:libyan-national-army") in rels(
        "Units of Haftar's Libyan National Army moved south.")


def test_state_formation_gives_member_of():
    assert ("MEMBER_OF", "actor:africa-corps", "actor:russia") in rels(
        "Instructors from Russia's Africa Corps were seen in Niamey.")


def test_passive_control():
    assert ("CONTROLS", "actor:libyan-national-army", "place:fezzan") in rels(
        "Smuggling routes cross the Fezzan, controlled by the LNA since 2019.")


def test_base_and_its_country_in_one_sentence():
    assert ("LOCATED_IN", "base:al-jufra", "place:libya") in rels(
        "Two cargo jets were seen at al-Jufra, a desert airfield in Libya.")


def test_demonym_port_of():
    assert ("LOCATED_IN", "base:port-sudan", "place:sudan") in rels(
        "A frigate anchored off the Sudanese port of Port Sudan.")


def test_region_named_after_country():
    assert ("LOCATED_IN", "place:eastern-libya", "place:libya") in rels(
        "Convoys were filmed across eastern Libya.")


def test_russian_ship_is_operated_by_russia():
    assert ("OPERATES", "actor:russia", "vessel:ivan-gren") in rels(
        "The landing ship Ivan Gren, a Russian navy vessel, left port.")


def test_named_fleet_operates_instead_of_the_state():
    got = rels("The frigate Admiral Golovko of Russia's Northern Fleet entered the strait.")
    assert ("OPERATES", "actor:northern-fleet", "vessel:admiral-golovko") in got
    assert ("OPERATES", "actor:russia", "vessel:admiral-golovko") not in got


def test_presence_clause_with_list():
    got = rels("Wagner has had a presence in Mali, Libya and Sudan.")
    for place in ("place:mali", "place:libya", "place:sudan"):
        assert ("PRESENT_IN", "actor:wagner-group", place) in got


def test_former_members_are_not_the_group():
    assert not any(k[0] == "PRESENT_IN" for k in rels("Former Wagner fighters are operating in Darfur."))


def test_attributed_clause_is_reported():
    got = extract_text("Western officials said Wagner maintains a presence in Sudan.").relations
    rel = next(r for r in got if r.type == "PRESENT_IN")
    assert rel.modality == "reported" and rel.attributed_to == ["Western officials"]


def test_hedged_clause_is_possible():
    got = rels("Africa Corps likely has a presence in Burkina Faso.")
    assert got[("PRESENT_IN", "actor:africa-corps", "place:burkina-faso")] == "possible"


def test_every_relation_endpoint_is_an_entity():
    ex = extract_text("The Kremlin-backed LNA controls eastern Libya, where Wagner maintains a presence in Sirte.")
    ents = {e.id for e in ex.entities}
    assert all(r.start in ents and r.end in ents for r in ex.relations)


def test_org_of_person_gives_leads():
    assert ("LEADS", "actor:khalifa-haftar", "actor:libyan-national-army") in rels(
        "Trucks reached Sabha, a town guarded by the Libyan National Army of Khalifa Haftar.")


def test_force_run_by_its_state_is_member_of():
    assert ("MEMBER_OF", "actor:africa-corps", "actor:russia") in rels(
        "Officers from the Africa Corps, a unit directed by the Russian defence ministry, toured Gao.")


def test_appositive_x_based_gives_based_in():
    assert ("BASED_IN", "actor:rubistar", "place:minsk") in rels(
        "Flights were booked with Rubistar, a Minsk-based carrier.")


def test_base_on_a_sea_and_in_a_region_of_its_country():
    got = rels("Cranes were delivered to Port Sudan on the Red Sea. Fuel was stored at al-Jufra in central Libya.")
    assert ("LOCATED_IN", "base:port-sudan", "place:red-sea") in got
    assert ("LOCATED_IN", "base:al-jufra", "place:central-libya") in got


def test_capital_of_a_country_is_located_in_it():
    assert ("LOCATED_IN", "place:malabo", "place:equatorial-guinea") in rels(
        "Guards were flown to Malabo, the capital of Equatorial Guinea, in March.")


def test_presence_needs_the_place_the_cue_governs():
    got = rels("Wagner forces in the push on Tripoli took heavy losses.")
    assert not any(k[0] == "PRESENT_IN" for k in got)
    assert ("PRESENT_IN", "actor:africa-corps", "place:niger") in rels(
        "Food was flown to Africa Corps units in Niger last month.")


def test_operated_by_names_the_operator_of_the_airframe_meant():
    got = rels("An Il-76, EW-78849, landed at Gao. The aircraft is operated by Rubistar, which has flown for the Russian military.")
    assert ("OPERATES", "actor:rubistar", "aircraft:ew-78849") in got
    assert ("OPERATES", "actor:russia", "aircraft:ew-78849") not in got


def test_relative_clause_ends_a_list_of_objects():
    got = rels("The Sudanese army is fighting the Rapid Support Forces, which Khartoum accuses of smuggling.")
    assert ("OPPOSES", "actor:sudanese-armed-forces", "actor:rapid-support-forces") in got
    assert ("OPPOSES", "actor:sudanese-armed-forces", "actor:sudan") not in got


def test_a_destination_is_not_the_subject_of_what_follows():
    got = rels("Crates were flown to Bamako and Niamey, as the juntas deepen their alliance with Russia.")
    assert not any(k[0] == "ALLIED_WITH" for k in got)


def test_who_has_led_gives_leads():
    assert ("LEADS", "actor:khalifa-haftar", "actor:libyan-national-army") in rels(
        "Khalifa Haftar, who has led the Libyan National Army since 2014, met envoys.")


def test_fought_alongside_gives_allied_not_opposes():
    r = rels("Last spring the Africa Corps fought alongside the Malian army near Timbuktu.")
    assert ("ALLIED_WITH", "actor:africa-corps", "actor:mali") in r
    assert ("OPPOSES", "actor:africa-corps", "actor:mali") not in r


def test_alongside_his_forces_is_the_person_named_before():
    assert ("ALLIED_WITH", "actor:wagner-group", "actor:khalifa-haftar") in rels(
        "Khalifa Haftar lost ground in 2020, although Wagner fighters had fought alongside his forces.")


def test_took_over_from_in_place_gives_presence():
    assert ("PRESENT_IN", "actor:africa-corps", "place:mali") in rels(
        "The Africa Corps has taken over from Wagner in Mali, a diplomat said.")


def test_turned_to_for_assistance_gives_backs_by_the_helper():
    r = rels("Niger's junta expelled French forces and turned to Moscow for military assistance.")
    assert ("BACKS", "actor:russia", "actor:niger") in r
    assert ("BACKS", "actor:russia", "actor:france") not in r


def test_force_that_guards_a_person_gives_backs():
    assert ("BACKS", "actor:russia", "actor:faustin-archange-touadera") in rels(
        "The Russian contingent that guards President Faustin-Archange Touadera rotates every six months.")


def test_states_forming_a_bloc_are_members():
    r = rels("Mali and Burkina Faso formed the Alliance of Sahel States with Niger.")
    assert ("MEMBER_OF", "actor:mali", "actor:alliance-of-sahel-states") in r
    assert ("MEMBER_OF", "actor:burkina-faso", "actor:alliance-of-sahel-states") in r


def test_the_junta_led_by_refers_to_the_junta_named_before():
    r = rels("Mali's military junta has hired Russian trainers. The junta led by Assimi Goita also expelled French troops.")
    assert ("LEADS", "actor:assimi-goita", "actor:mali") in r
    assert ("OPPOSES", "actor:mali", "actor:france") in r


def test_owned_by_gives_operates():
    assert ("OPERATES", "actor:oboronlogistika", "vessel:sparta-iv") in rels(
        "The freighter Sparta IV is owned by Oboronlogistika and sails under the Russian flag.")


def test_demonym_run_camp_gives_operates():
    assert ("OPERATES", "actor:russia", "base:berengo") in rels(
        "Recruits are drilled at a Russian-run training camp at Berengo.")


def test_its_garrison_at_base_gives_operates():
    assert ("OPERATES", "actor:russia", "base:tartus") in rels(
        "Russia kept shrinking its garrison at Tartus through the winter.")


def test_base_near_a_city_is_not_located_in_it():
    assert not any(k[0] == "LOCATED_IN" and k[1] == "base:benina" for k in rels(
        "Two Il-76s landed at Benina airport near Benghazi on Friday."))


def test_country_named_elsewhere_in_sentence_does_not_place_a_base():
    assert ("LOCATED_IN", "base:bangui-airport", "place:central-african-republic") not in rels(
        "Spotters in the Central African Republic photographed an Il-76 at Bangui M'Poko.")


def test_shared_base_name_resolved_by_the_city_after_it():
    r = rels("Trucks entered Air Base 101 in Niamey on Monday.")
    assert ("LOCATED_IN", "base:niamey-airport", "place:niamey") in r


def test_numbered_unit_of_an_owner_is_a_member():
    r = rels("Fighters of the LNA's 166th Brigade were seen in Sirte.")
    assert ("MEMBER_OF", "actor:166th-brigade", "actor:libyan-national-army") in r


def test_unit_guarding_the_perimeter_is_present_at_the_base_named_before():
    r = rels("Engineers are lengthening the runway at al-Jufra. The LNA's 166th Brigade guards the perimeter.")
    assert ("PRESENT_IN", "actor:166th-brigade", "base:al-jufra") in r
