#include <fluxion/core/utilities.h>
#include <fluxion/physics/dopant/dopant_diffusion.h>

namespace Fluxion
{
  template <int dim>
  void
  DopantDiffusion<dim>::declare_parameters(ParameterHandler &prm)
  {
    prm.enter_subsection("Dopant diffusion");
    {
      prm.declare_entry("Dopants",
                        "B",
                        Patterns::List(Patterns::Anything()),
                        "Dopants that diffuse, each a solution component. "
                        "Built in: " +
                          built_in_dopant_names() +
                          " (Fair's charge-state diffusivities, as tabulated "
                          "in Plummer, Deal and Griffin, Silicon VLSI "
                          "Technology, 2000, Table 7-5), or names from <User "
                          "dopants>.");
      prm.declare_entry(
        "User dopants",
        "",
        Patterns::Anything(),
        "Further dopants, separated by ';', e.g. 'Ga: acceptor, neutral "
        "0.374 3.39'. Each lists its charge-state diffusivities D Ea (cm^2/s, "
        "eV): neutral, minus and double minus for donors, neutral and plus "
        "for acceptors.");
      prm.declare_entry("Model",
                        "constant",
                        Patterns::Selection("constant|fermi"),
                        "constant: Fick's law with the intrinsic D(T) = D0 + "
                        "D+ + D- + D=. fermi: D(n/ni) from the charge states, "
                        "n from charge neutrality, plus the built-in field.");
      prm.declare_entry(
        "Parameter set",
        "fair-charge-states",
        Patterns::Selection("fair-charge-states|intrinsic-arrhenius"),
        "Diffusivities of the built-in dopants. fair-charge-states: Fair's "
        "D0, D+, D-, D= (Plummer, Deal and Griffin 2000, Table 7-5); the "
        "constant model uses their sum. intrinsic-arrhenius: one D0 exp(-Ea/"
        "kT) per dopant for intrinsic conditions (same book, Table 7-3); "
        "constant model only. User dopants always use their charge states.");
      prm.declare_entry("Background doping",
                        "1e15",
                        Patterns::Double(0),
                        "[cm^-3] Uniform doping of the substrate.");
      prm.declare_entry("Background type",
                        "donor",
                        Patterns::Selection("donor|acceptor"),
                        "Whether the substrate is n-type (donor) or p-type.");
      prm.declare_entry(
        "Surface",
        "",
        Patterns::Anything(),
        "The boundary where the surface conditions apply; "
        "empty means 'left' in 1D, 'top' in 2D and 'front' (z max) in 3D, the "
        "names of the box. "
        "Depth is measured from it along the last axis.");
      prm.declare_entry(
        "Mask window",
        "",
        Patterns::List(Patterns::Double(), 0, 4),
        "[length units] In 2D 'x0, x1' and in 3D 'x0, x1, y0, y1': the "
        "surface is covered by an impermeable mask (e.g. a thick oxide) "
        "except in this window, where the surface conditions apply. Empty: "
        "no mask.");
      declare_region_entries(prm);
      prm.declare_entry("Linear solver",
                        "auto",
                        Patterns::Selection("auto|direct|gmres"),
                        "direct: sparse LU (Amesos KLU); gmres: GMRES with "
                        "algebraic multigrid; auto: direct up to 20000 "
                        "unknowns, else gmres.");
      NewtonSettings::declare_parameters(prm, newton_defaults());
      prm.declare_entry(
        "Time error floor",
        "1",
        Patterns::Double(0),
        "[-] Adaptive time steps keep the local error of each step below "
        "<Time stepping/Tolerance> times the concentration at each node, or "
        "times this fraction of the background doping where the "
        "concentration is lower, so that the profile is controlled down to "
        "the junctions. 0 (or no background doping): times the largest "
        "concentration instead.");
    }
    prm.leave_subsection();

    prm.enter_subsection("Thermal process");
    {
      prm.declare_entry(
        "Steps",
        "anneal: 1000 C, 30 min",
        Patterns::Anything(),
        "Steps separated by ';', each 'name: T C, duration' (a dwell) or "
        "'name: T1 -> T2 C, duration' (a linear ramp). Durations in s, min or "
        "h. The process starts at <Time stepping/Start time> and sets the end "
        "time. The built-in data are used between " +
          std::to_string(int(data_T_min_C)) + " and " +
          std::to_string(int(data_T_max_C)) + " C.");
    }
    prm.leave_subsection();

    prm.enter_subsection("Surface conditions");
    prm.leave_subsection();
    prm.enter_subsection("Initial profiles");
    prm.leave_subsection();
  }

  template <int dim>
  void
  DopantDiffusion<dim>::declare_region_entries(ParameterHandler &prm)
  {
    prm.declare_entry(
      "Oxide regions",
      "",
      Patterns::List(Patterns::Anything()),
      "Regions of the mesh that are SiO2. The dopants diffuse there with "
      "<Oxide diffusivities>, without the electric field, and segregate at "
      "the interface in equilibrium: C_Si / C_ox = m. Initial profiles and "
      "surface concentrations are silicon concentrations in silicon and "
      "oxide concentrations in the oxide.");
    prm.declare_entry("Oxide diffusivities",
                      "",
                      Patterns::Anything(),
                      "Diffusivity of each dopant in the oxide, 'B: D0 Ea; "
                      "P: D0 Ea' (cm^2/s, eV); needed for every dopant "
                      "when there is an oxide region.");
    prm.declare_entry("Segregation coefficients",
                      "",
                      Patterns::Anything(),
                      "m = C_Si / C_ox at equilibrium per dopant, e.g. 'B: "
                      "0.3, P: 10'; dopants not listed use the built-in "
                      "values (B 0.3; P, As, Sb 10; user dopants 1).");
    prm.declare_entry(
      "Interface layer regions",
      "",
      Patterns::List(Patterns::Anything()),
      "2D and 3D: thin regions between silicon and an oxide (e.g. "
      "'interface' of Geometry/box/Mask interface layer thickness) that "
      "carry <Interface transport coefficients>: they store no dopant, "
      "and the flux across them is J = h (C_Si - m C_ox).");
    prm.declare_entry(
      "Interface transport coefficients",
      "",
      Patterns::Anything(),
      "1D, on a mesh with disconnected region interfaces (Geometry/box/"
      "Disconnected interfaces), or 2D/3D with <Interface layer regions>: "
      "the transport coefficient h = h0 exp(-Ea/"
      "kT) of each dopant across the Si/SiO2 interface, 'B: h0 Ea; P: h0 "
      "Ea' (cm/s, eV). The flux from silicon into the oxide is J = h "
      "(C_Si - m C_ox), with m the segregation coefficient; h -> infinity "
      "gives the equilibrium C_Si = m C_ox.");
    prm.declare_entry(
      "Solid solubilities",
      "",
      Patterns::Anything(),
      "Solid solubility of dopants in silicon, for the 'solubility' surface "
      "conditions, separated by ';': 'B: A EA' for A exp(-EA/kT) (cm^-3, "
      "eV), or 'P: table T1 C1 T2 C2 ...' with temperatures in C "
      "(increasing) and solubilities in cm^-3, ln C interpolated linearly "
      "in T; a table covers only its temperature range. An entry replaces "
      "the built-in table of that dopant: B 800-1275 C (Armigliato et "
      "al. 1977), P 850-1100 C (Nobili et al. 1982), As 800-1200 C "
      "(Nobili et al. 1983), Sb 800-1250 C (Trumbore 1960); user dopants "
      "have none.");
  }

  template <int dim>
  void
  DopantDiffusion<dim>::declare_named_parameters(ParameterHandler   &prm,
                                                 const NamedSections which)
  {
    // The names come from the values in prm in either case: read from the
    // file, or the defaults for the documentation.
    (void)which;
    const auto dopant_names = Utilities::split_string_list(
      prm.get(std::vector<std::string>{"Dopant diffusion"}, "Dopants"), ',');
    // A malformed step is reported here: the subsections of <Surface
    // conditions> are named after the steps, and without them the parameter
    // file would fail on an undeclared subsection instead.
    std::vector<std::string> step_names;
    const ThermalProcess     thermal_process(
      prm.get(std::vector<std::string>{"Thermal process"}, "Steps"),
      "Thermal process/Steps",
      0);
    for (const auto &s : thermal_process.steps())
      step_names.push_back(s.name);
    prm.enter_subsection("Surface conditions");
    for (const auto &s : step_names)
      {
        prm.enter_subsection(s);
        for (const auto &d : dopant_names)
          prm.declare_entry(
            d,
            "inert",
            Patterns::Anything(),
            "Surface condition of dopant " + d + " during step " + s +
              ": 'inert' (no flux), 'concentration CS' (cm^-3, "
              "predeposition), 'solubility' (the solid solubility at the "
              "current temperature, from <Dopant diffusion/Solid "
              "solubilities>), or 'mass transfer H CSTAR' (J = H (CSTAR - "
              "C), H in cm/s, CSTAR in cm^-3 or 'solubility').");
        prm.leave_subsection();
      }
    prm.leave_subsection();
    prm.enter_subsection("Initial profiles");
    for (const auto &d : dopant_names)
      prm.declare_entry(d,
                        "none",
                        Patterns::Anything(),
                        "Initial profile of " + d +
                          ": 'none', 'uniform C', 'implant DOSE RP DRP' (a "
                          "Gaussian: cm^-2, um, um), 'surface dose DOSE' (a "
                          "delta-like layer at the surface, cm^-2) or "
                          "'function EXPR' of x, y, z and depth (cm^-3).");
    prm.leave_subsection();
  }

#define FLUXION_INSTANTIATE(dim)                                              \
  template void DopantDiffusion<dim>::declare_parameters(ParameterHandler &); \
  template void DopantDiffusion<dim>::declare_region_entries(                 \
    ParameterHandler &);                                                      \
  template void DopantDiffusion<dim>::declare_named_parameters(               \
    ParameterHandler &, const NamedSections);
  FLUXION_INSTANTIATE(1)
  FLUXION_INSTANTIATE(2)
  FLUXION_INSTANTIATE(3)
#undef FLUXION_INSTANTIATE
} // namespace Fluxion
