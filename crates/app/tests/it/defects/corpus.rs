//! The defect corpus: each entry one of the seed's 2019–2020 returns with one slip, or written
//! in one harmless flavour, and what must happen when it is imported into the cycle.

use super::slips::{Flavour, Slip};

/// What importing an entry must give.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Expect {
    /// Refused at import, with its problems.
    Refused,
    /// A new error or warning whose cells include this cube.
    Flagged(&'static str),
    /// A new error or warning whose cells include this cube, and only of this rule (what no
    /// other rule can see).
    FlaggedOnlyBy(&'static str, &'static str),
    /// No rule can see it; the reason is in the corpus README.
    Unseen,
    /// Nothing new: a harmless flavour.
    Clean,
}

/// What is done to the return.
#[derive(Clone, Copy)]
pub enum Change {
    Slip(Slip),
    Flavour(Flavour),
}

pub struct Entry {
    pub id: &'static str,
    /// Who made the slip (a centre's rows within the centres' joint return).
    pub actor: &'static str,
    /// The return, under `data/be/2019-2020/`.
    pub file: &'static str,
    pub change: Change,
    pub expect: Expect,
}

const fn slip(
    id: &'static str,
    actor: &'static str,
    file: &'static str,
    slip: Slip,
    expect: Expect,
) -> Entry {
    Entry { id, actor, file, change: Change::Slip(slip), expect }
}

const fn benign(id: &'static str, actor: &'static str, file: &'static str, flavour: Flavour) -> Entry {
    Entry { id, actor, file, change: Change::Flavour(flavour), expect: Expect::Clean }
}

use Expect::{Clean, Flagged, FlaggedOnlyBy, Refused, Unseen};
use Slip::*;

pub const CORPUS: &[Entry] = &[
    // The police.
    slip(
        "police-thb-missing-2020",
        "police",
        "police/police_thb_findings.csv",
        DropPeriod("2020"),
        Flagged("police_thb_findings"),
    ),
    slip(
        "police-thb-previous-cycle",
        "police",
        "police/police_thb_findings.csv",
        PreviousCycle,
        Flagged("police_thb_findings"),
    ),
    slip(
        "police-thb-tenfold",
        "police",
        "police/police_thb_findings.csv",
        Scale("period=2020 exploitation_form=labour", 10.0),
        Flagged("police_thb_findings"),
    ),
    slip(
        "police-thb-fill-down",
        "police",
        "police/police_thb_findings.csv",
        CopyAbove("period=2019 exploitation_form=labour"),
        Flagged("police_thb_findings"),
    ),
    slip(
        "police-thb-forms-swapped",
        "police",
        "police/police_thb_findings.csv",
        Swap("period=2019 exploitation_form=sexual", "period=2019 exploitation_form=labour"),
        Flagged("police_thb_findings"),
    ),
    slip(
        "police-smuggling-tenfold",
        "police",
        "police/police_smuggling_findings.csv",
        Scale("period=2020", 10.0),
        Unseen,
    ),
    slip(
        "police-smuggling-missing-2019",
        "police",
        "police/police_smuggling_findings.csv",
        DropPeriod("2019"),
        Flagged("police_smuggling_findings"),
    ),
    slip(
        "police-records-row-filtered",
        "police",
        "police/police_thb_records.csv",
        DropRow("period=2020 police_finding_kind=finding exploitation_form=sexual"),
        Flagged("police_thb_records"),
    ),
    slip(
        "police-irregular-stay-typo",
        "police",
        "police/police_smuggling_irregular_stay.csv",
        Retype("irregular_stay_indicator=intercepted", "16387"),
        Unseen,
    ),
    // The public prosecutors.
    slip(
        "prosecution-inflow-missing-2019",
        "prosecution",
        "prosecution/prosecution_inflow.csv",
        DropPeriod("2019"),
        Flagged("prosecution_inflow"),
    ),
    slip(
        "prosecution-inflow-tenfold",
        "prosecution",
        "prosecution/prosecution_inflow.csv",
        Scale("period=2020 exploitation_form=sexual", 10.0),
        Flagged("prosecution_inflow"),
    ),
    slip(
        "prosecution-inflow-previous-cycle",
        "prosecution",
        "prosecution/prosecution_inflow.csv",
        PreviousCycle,
        Flagged("prosecution_inflow"),
    ),
    slip(
        "prosecution-inflow-years-swapped",
        "prosecution",
        "prosecution/prosecution_inflow.csv",
        Swap("period=2019 exploitation_form=labour", "period=2020 exploitation_form=labour"),
        Flagged("prosecution_inflow"),
    ),
    slip(
        "prosecution-state-single-year",
        "prosecution",
        "prosecution/prosecution_state.csv",
        RelabelPeriod("2019-2020", "2020"),
        Refused,
    ),
    slip(
        "prosecution-state-previous-cycle",
        "prosecution",
        "prosecution/prosecution_state.csv",
        PreviousCycle,
        Refused,
    ),
    slip(
        "prosecution-state-fill-down",
        "prosecution",
        "prosecution/prosecution_state.csv",
        CopyAbove("exploitation_form=sexual prosecution_state=preliminary_investigation"),
        Flagged("prosecution_state"),
    ),
    slip(
        "prosecution-dismissals-single-year",
        "prosecution",
        "prosecution/prosecution_dismissals.csv",
        RelabelPeriod("2019-2020", "2019"),
        Refused,
    ),
    slip(
        "prosecution-dismissals-row-filtered",
        "prosecution",
        "prosecution/prosecution_dismissals.csv",
        DropRow("exploitation_form=sexual dismissal_reason=no_offence"),
        Flagged("prosecution_dismissals"),
    ),
    // The criminal record (DSB).
    slip(
        "dsb-count-missing-2020",
        "dsb",
        "dsb/conviction_count.csv",
        DropPeriod("2020"),
        Flagged("conviction_count"),
    ),
    slip(
        "dsb-count-previous-cycle",
        "dsb",
        "dsb/conviction_count.csv",
        PreviousCycle,
        Flagged("conviction_count"),
    ),
    slip(
        "dsb-penalties-tenfold",
        "dsb",
        "dsb/conviction_penalties.csv",
        Scale("period=2019 offence=thb penalty_type=prison_effective", 10.0),
        Flagged("conviction_penalties"),
    ),
    slip(
        "dsb-nationality-row-filtered",
        "dsb",
        "dsb/conviction_nationality.csv",
        DropRow("period=2020 offence=thb nationality=AL"),
        Flagged("conviction_nationality"),
    ),
    slip(
        "dsb-duration-fill-down",
        "dsb",
        "dsb/conviction_prison_duration.csv",
        CopyAbove("period=2020 offence=thb penalty_type=prison_effective prison_duration=1y-3y"),
        Flagged("conviction_prison_duration"),
    ),
    slip(
        "dsb-forms-missing-2020",
        "dsb",
        "dsb/conviction_exploitation_form.csv",
        DropPeriod("2020"),
        Flagged("conviction_exploitation_form"),
    ),
    slip(
        "dsb-forms-zero-row-filtered",
        "dsb",
        "dsb/conviction_exploitation_form.csv",
        DropRow("period=2020 exploitation_form=organ_removal"),
        Flagged("conviction_exploitation_form"),
    ),
    slip(
        "dsb-forms-years-swapped",
        "dsb",
        "dsb/conviction_exploitation_form.csv",
        Swap("period=2019 exploitation_form=begging", "period=2020 exploitation_form=begging"),
        Unseen,
    ),
    slip(
        "dsb-forms-typo",
        "dsb",
        "dsb/conviction_exploitation_form.csv",
        Retype("period=2020 exploitation_form=labour", "12"),
        Unseen,
    ),
    // The social inspection (RSZ).
    slip(
        "rsz-directorates-tenfold",
        "rsz",
        "rsz/rsz_checklists_by_directorate.csv",
        Scale("period=2020 rsz_directorate=oost_vlaanderen", 10.0),
        Flagged("rsz_checklists_by_directorate"),
    ),
    slip(
        "rsz-directorates-zero-row-filtered",
        "rsz",
        "rsz/rsz_checklists_by_directorate.csv",
        DropRow("period=2019 rsz_directorate=waals_brabant"),
        Flagged("rsz_checklists_by_directorate"),
    ),
    slip(
        "rsz-reports-directorate-filtered",
        "rsz",
        "rsz/rsz_reports_by_directorate.csv",
        DropRows("period=2020 rsz_directorate=waals_brabant"),
        Flagged("rsz_reports_by_directorate"),
    ),
    slip(
        "rsz-directorates-missing-2019",
        "rsz",
        "rsz/rsz_checklists_by_directorate.csv",
        DropPeriod("2019"),
        Flagged("rsz_checklists_by_directorate"),
    ),
    slip(
        "rsz-sectors-fill-down",
        "rsz",
        "rsz/rsz_checklists_by_sector.csv",
        CopyAbove("period=2019 activity_sector=butchery rsz_directorate=vlaams_brabant"),
        Flagged("rsz_checklists_by_sector"),
    ),
    slip(
        "rsz-nationality-sexes-swapped",
        "rsz",
        "rsz/rsz_checklists_by_nationality.csv",
        Swap("period=2019 nationality=BR sex=M", "period=2019 nationality=BR sex=F"),
        Flagged("rsz_checklists_by_nationality"),
    ),
    slip(
        "rsz-age-tenfold",
        "rsz",
        "rsz/rsz_checklists_by_age.csv",
        Scale("period=2019 age_band_checklist=30-40 sex=F", 10.0),
        Flagged("rsz_checklists_by_age"),
    ),
    slip(
        "rsz-citizenship-typo-under-total",
        "rsz",
        "rsz/rsz_checklists_by_citizenship_group.csv",
        Retype("period=2019 citizenship_group=eu", "45"),
        Flagged("rsz_checklists_by_citizenship_group"),
    ),
    slip(
        "rsz-referrals-row-filtered",
        "rsz",
        "rsz/rsz_referrals_by_directorate.csv",
        DropRow("period=2019 rsz_directorate=limburg"),
        Flagged("rsz_referrals_by_directorate"),
    ),
    slip(
        "rsz-referrals-nationality-tenfold",
        "rsz",
        "rsz/rsz_referrals_by_nationality.csv",
        Scale("period=2019 rsz_directorate=brussel nationality=EG sex=M", 10.0),
        Flagged("rsz_referrals_by_nationality"),
    ),
    slip(
        "rsz-presumed-missing-2020",
        "rsz",
        "rsz/rsz_presumed_victims.csv",
        DropPeriod("2020"),
        Flagged("rsz_presumed_victims"),
    ),
    slip(
        "rsz-presumed-context-2017-missing",
        "rsz",
        "rsz/rsz_presumed_victims.csv",
        DropPeriod("2017"),
        FlaggedOnlyBy("rsz_presumed_victims", "context_period_delivered"),
    ),
    slip(
        "rsz-reports-thousandfold-against-peers",
        "rsz",
        "rsz/rsz_reports_by_directorate.csv",
        ScaleSummed(
            "period=2019 rsz_directorate=henegouwen rsz_report_author=other_service",
            "period=2019 rsz_directorate=_T rsz_report_author=other_service",
            1000.0,
        ),
        FlaggedOnlyBy("rsz_reports_by_directorate", "peer_magnitude_directorates"),
    ),
    slip(
        "rsz-referrals-cell-blank",
        "rsz",
        "rsz/rsz_referrals_by_directorate.csv",
        Blank("period=2020 rsz_directorate=luik"),
        Refused,
    ),
    slip(
        "rsz-referrals-cell-not-available",
        "rsz",
        "rsz/rsz_referrals_by_directorate.csv",
        Mark("period=2019 rsz_directorate=namen_luxemburg", "n.b."),
        Clean,
    ),
    slip(
        "rsz-presumed-tenfold",
        "rsz",
        "rsz/rsz_presumed_victims.csv",
        Scale("period=2020 rsz_victim_count=closed_investigations", 10.0),
        Flagged("rsz_presumed_victims"),
    ),
    slip(
        "rsz-presumed-stated-without-data",
        "rsz",
        "rsz/rsz_presumed_victims.csv",
        DropRows("period=2019"),
        Flagged("rsz_presumed_victims"),
    ),
    slip("rsz-pj-sexes-swapped", "rsz", "rsz/rsz_pj_victims_by_sex.csv", Swap("sex=F", "sex=M"), Unseen),
    slip(
        "rsz-pj-nationality-previous-cycle",
        "rsz",
        "rsz/rsz_pj_victims_by_nationality.csv",
        PreviousCycle,
        Flagged("rsz_pj_victims_by_nationality"),
    ),
    slip(
        "rsz-focus-typo",
        "rsz",
        "rsz/rsz_focus_results.csv",
        Retype("period=2019 rsz_focus_project=recycling inspection_indicator=dimona_workers", "4"),
        Unseen,
    ),
    slip(
        "rsz-reports-missing-2020",
        "rsz",
        "rsz/rsz_reports_by_directorate.csv",
        DropPeriod("2020"),
        Flagged("rsz_reports_by_directorate"),
    ),
    slip(
        "rsz-circumstances-part-above-whole",
        "rsz",
        "rsz/rsz_checklist_circumstances.csv",
        Scale("period=2019 rsz_checklist_circumstance=threats_violence", 10.0),
        Flagged("rsz_checklist_circumstances"),
    ),
    slip("rsz-jad-missing-2020", "rsz", "rsz/jad_results.csv", DropPeriod("2020"), Flagged("jad_results")),
    slip(
        "rsz-pj-citizenship-missing-2020",
        "rsz",
        "rsz/rsz_pj_victims_by_citizenship_group.csv",
        DropPeriod("2020"),
        Flagged("rsz_pj_victims_by_citizenship_group"),
    ),
    // The specialised centres, each centre's rows in their joint return.
    slip(
        "pag-asa-guidances-tenfold",
        "pag_asa",
        "specialised_centres/centre_guidances.csv",
        Scale("period=2019 centre=pag_asa exploitation_form=labour", 10.0),
        Flagged("centre_guidances"),
    ),
    slip(
        "pag-asa-guidances-2020-filtered",
        "pag_asa",
        "specialised_centres/centre_guidances.csv",
        DropRows("period=2020 centre=pag_asa"),
        Flagged("centre_guidances"),
    ),
    slip(
        "pag-asa-age-fill-down",
        "pag_asa",
        "specialised_centres/centre_thb_guidances_age.csv",
        CopyAbove("period=2020 centre=pag_asa age_band_centre=18plus"),
        Flagged("centre_thb_guidances_age"),
    ),
    slip(
        "payoke-sexes-swapped",
        "payoke",
        "specialised_centres/centre_thb_guidances_sex.csv",
        Swap("period=2020 centre=payoke sex=F", "period=2020 centre=payoke sex=M"),
        Flagged("centre_thb_guidances_sex"),
    ),
    slip(
        "payoke-registrations-fill-down",
        "payoke",
        "specialised_centres/centre_registrations.csv",
        CopyAbove("period=2020 centre=payoke centre_registration_outcome=guidance_started"),
        Flagged("centre_registrations"),
    ),
    slip(
        "payoke-age-row-filtered",
        "payoke",
        "specialised_centres/centre_thb_guidances_age.csv",
        DropRow("period=2019 centre=payoke age_band_centre=18plus"),
        Flagged("centre_thb_guidances_age"),
    ),
    slip(
        "surya-guidances-2019-filtered",
        "surya",
        "specialised_centres/centre_guidances.csv",
        DropRows("period=2019 centre=surya"),
        Flagged("centre_guidances"),
    ),
    slip(
        "surya-age-row-filtered",
        "surya",
        "specialised_centres/centre_thb_guidances_age.csv",
        DropRow("period=2020 centre=surya age_band_centre=18plus"),
        Flagged("centre_thb_guidances_age"),
    ),
    slip(
        "surya-registrations-tenfold",
        "surya",
        "specialised_centres/centre_registrations.csv",
        Scale("period=2020 centre=surya centre_registration_outcome=not_thb_victim", 10.0),
        Flagged("centre_registrations"),
    ),
    slip(
        "surya-sex-typo",
        "surya",
        "specialised_centres/centre_thb_guidances_sex.csv",
        Retype("period=2019 centre=surya sex=M", "91"),
        Flagged("centre_thb_guidances_sex"),
    ),
    slip(
        "centres-nationality-typo",
        "specialised_centres",
        "specialised_centres/centre_thb_guidances_nationality.csv",
        Retype("period=2019 nationality=NG", "61"),
        Flagged("centre_thb_guidances_nationality"),
    ),
    slip(
        "centres-smuggling-missing-2020",
        "specialised_centres",
        "specialised_centres/centre_smuggling_victims.csv",
        DropPeriod("2020"),
        Flagged("centre_smuggling_victims"),
    ),
    slip(
        "centres-total-previous-cycle",
        "specialised_centres",
        "specialised_centres/centre_registrations_total.csv",
        PreviousCycle,
        Flagged("centre_registrations_total"),
    ),
    // Child Focus.
    slip(
        "child-focus-missing-2019",
        "child_focus",
        "child_focus/child_focus_files.csv",
        DropPeriod("2019"),
        Flagged("child_focus_files"),
    ),
    slip(
        "child-focus-tenfold",
        "child_focus",
        "child_focus/child_focus_files.csv",
        Scale("period=2020 child_focus_file_kind=opened", 10.0),
        Flagged("child_focus_files"),
    ),
    slip(
        "child-focus-typo",
        "child_focus",
        "child_focus/child_focus_files.csv",
        Retype("period=2020 child_focus_file_kind=opened", "56"),
        Unseen,
    ),
    // Esperanto.
    slip(
        "esperanto-missing-2020",
        "esperanto",
        "esperanto/esperanto_honour_violence_victims.csv",
        DropPeriod("2020"),
        Flagged("esperanto_honour_violence_victims"),
    ),
    slip(
        "esperanto-previous-cycle",
        "esperanto",
        "esperanto/esperanto_honour_violence_victims.csv",
        PreviousCycle,
        Flagged("esperanto_honour_violence_victims"),
    ),
    slip(
        "esperanto-typo",
        "esperanto",
        "esperanto/esperanto_honour_violence_victims.csv",
        Retype("period=2019", "1"),
        Unseen,
    ),
    // Fedasil.
    slip(
        "fedasil-shares-off-100",
        "fedasil",
        "fedasil/fedasil_early_screening.csv",
        Retype("fedasil_screening_result=not_filled_in", "94"),
        Flagged("fedasil_early_screening"),
    ),
    slip(
        "fedasil-share-fill-down",
        "fedasil",
        "fedasil/fedasil_early_screening.csv",
        CopyAbove("fedasil_screening_result=not_filled_in"),
        Unseen,
    ),
    slip(
        "fedasil-part-above-whole",
        "fedasil",
        "fedasil/fedasil_early_screening.csv",
        Scale("fedasil_screening_result=specialised_organisation_contacted", 10.0),
        Flagged("fedasil_early_screening"),
    ),
    slip(
        "fedasil-single-year",
        "fedasil",
        "fedasil/fedasil_early_screening.csv",
        RelabelPeriod("2019-2020", "2020"),
        Refused,
    ),
    // The guardianship service.
    slip(
        "guardianship-missing-2020",
        "guardianship",
        "guardianship/guardianship_thb_registrations.csv",
        DropPeriod("2020"),
        Flagged("guardianship_thb_registrations"),
    ),
    slip(
        "guardianship-typo",
        "guardianship",
        "guardianship/guardianship_thb_registrations.csv",
        Retype("period=2019 guardianship_thb_indicator=potential_victim", "31"),
        Unseen,
    ),
    slip(
        "guardianship-transmigration-single-year",
        "guardianship",
        "guardianship/guardianship_transmigration.csv",
        RelabelPeriod("2019-2020", "2019"),
        Refused,
    ),
    slip(
        "guardianship-transmigration-part-above-whole",
        "guardianship",
        "guardianship/guardianship_transmigration.csv",
        Retype("guardianship_transmigration_indicator=stayed_in_reception", "60"),
        Flagged("guardianship_transmigration"),
    ),
    // The victims commission.
    slip(
        "commission-amount-thousands",
        "victims_commission",
        "victims_commission/commission_thb_amount.csv",
        Scale("period=2020", 1000.0),
        Flagged("commission_thb_amount"),
    ),
    slip(
        "commission-amount-missing-2019",
        "victims_commission",
        "victims_commission/commission_thb_amount.csv",
        DropPeriod("2019"),
        Flagged("commission_thb_amount"),
    ),
    slip(
        "commission-decisions-previous-cycle",
        "victims_commission",
        "victims_commission/commission_thb_decisions.csv",
        PreviousCycle,
        Flagged("commission_thb_decisions"),
    ),
    slip(
        "commission-decisions-years-swapped",
        "victims_commission",
        "victims_commission/commission_thb_decisions.csv",
        Swap("period=2019 commission_indicator=decisions", "period=2020 commission_indicator=decisions"),
        Unseen,
    ),
    // Harmless flavours.
    benign(
        "benign-police-belgian-excel",
        "police",
        "police/police_thb_findings.csv",
        Flavour::SemicolonDecimalComma,
    ),
    benign(
        "benign-prosecution-belgian-excel",
        "prosecution",
        "prosecution/prosecution_inflow.csv",
        Flavour::SemicolonDecimalComma,
    ),
    benign(
        "benign-registrations-tab",
        "specialised_centres",
        "specialised_centres/centre_registrations.csv",
        Flavour::TabDecimalComma,
    ),
    benign(
        "benign-directorates-windows-1252",
        "rsz",
        "rsz/rsz_checklists_by_directorate.csv",
        Flavour::Windows1252,
    ),
    benign(
        "benign-guidances-windows-1252",
        "specialised_centres",
        "specialised_centres/centre_guidances.csv",
        Flavour::Windows1252,
    ),
    benign("benign-penalties-bom-crlf", "dsb", "dsb/conviction_penalties.csv", Flavour::BomCrlf),
    benign("benign-police-dutch-labels", "police", "police/police_thb_findings.csv", Flavour::Labels("nl")),
    benign("benign-sectors-french-labels", "rsz", "rsz/rsz_checklists_by_sector.csv", Flavour::Labels("fr")),
    benign(
        "benign-sex-english-labels",
        "specialised_centres",
        "specialised_centres/centre_thb_guidances_sex.csv",
        Flavour::Labels("en"),
    ),
    benign(
        "benign-state-reversed",
        "prosecution",
        "prosecution/prosecution_state.csv",
        Flavour::ReversedRows,
    ),
    benign("benign-nationality-reversed", "dsb", "dsb/conviction_nationality.csv", Flavour::ReversedRows),
    benign("benign-presumed-value-first", "rsz", "rsz/rsz_presumed_victims.csv", Flavour::ValueFirstNoNotes),
    benign(
        "benign-fedasil-value-first",
        "fedasil",
        "fedasil/fedasil_early_screening.csv",
        Flavour::ValueFirstNoNotes,
    ),
    benign(
        "benign-child-focus-blank-lines",
        "child_focus",
        "child_focus/child_focus_files.csv",
        Flavour::BlankLines,
    ),
    benign(
        "benign-checklists-blank-lines",
        "rsz",
        "rsz/rsz_checklists_by_nationality.csv",
        Flavour::BlankLines,
    ),
    benign(
        "benign-amount-reversed",
        "victims_commission",
        "victims_commission/commission_thb_amount.csv",
        Flavour::ReversedRows,
    ),
];
