#include <deal.II/base/function.h>
#include <deal.II/base/quadrature_lib.h>
#include <deal.II/dofs/dof_tools.h>
#include <deal.II/fe/fe_q.h>
#include <deal.II/fe/fe_values.h>
#include <deal.II/lac/dynamic_sparsity_pattern.h>
#include <deal.II/lac/solver_control.h>
#include <deal.II/lac/solver_gmres.h>
#include <deal.II/lac/sparsity_tools.h>
#include <deal.II/lac/trilinos_precondition.h>
#include <deal.II/lac/trilinos_solver.h>
#include <deal.II/numerics/data_out.h>
#include <deal.II/numerics/data_postprocessor.h>
#include <deal.II/numerics/vector_tools.h>

#include <fluxion/core/named_plugins.h>
#include <fluxion/core/parsed_expression.h>
#include <fluxion/core/periodic_boundaries.h>
#include <fluxion/core/utilities.h>
#include <fluxion/physics/dopant/dopant_diffusion.h>
#include <fluxion/physics/dopant/layer_levels.h>
#include <fluxion/physics/time_error_norm.h>

#include <Epetra_CrsMatrix.h>
#include <Epetra_Import.h>
#include <Epetra_Vector.h>

#include <cmath>

namespace Fluxion
{
  namespace
  {
    // The range of temperatures over which the built-in data are used.
    constexpr double data_T_min_C = 700;
    constexpr double data_T_max_C = 1300;

    // Initial profile of one dopant as a function of depth.
    template <int dim>
    class InitialProfiles : public Function<dim>
    {
    public:
      InitialProfiles(const DopantDiffusion<dim>     &physics,
                      const std::vector<std::string> &profiles,
                      const std::vector<std::string> &names,
                      const double                    length_unit_cm,
                      const double                    start_time)
        : Function<dim>(profiles.size())
        , physics(physics)
        , kinds(profiles.size())
        , parameters(profiles.size())
        , expressions(profiles.size())
        , length_unit_cm(length_unit_cm)
        , start_time(start_time)
      {
        for (unsigned int i = 0; i < profiles.size(); ++i)
          {
            const std::string parameter = "Initial profiles/" + names[i];
            const auto words = Utilities::split_string_list(profiles[i], ' ');
            AssertThrow(!words.empty(),
                        ExcMessage("Parameter <" + parameter + "> is empty."));
            kinds[i]           = words[0];
            const auto numbers = [&](const unsigned int n) {
              AssertThrow(words.size() == n + 1,
                          ExcMessage("Parameter <" + parameter + ">: <" +
                                     profiles[i] + "> needs " +
                                     std::to_string(n) + " number(s)."));
              for (unsigned int k = 1; k <= n; ++k)
                {
                  parameters[i].push_back(parse_double(words[k], parameter));
                  AssertThrow(parameters[i].back() >= 0,
                              ExcMessage("Parameter <" + parameter + ">: <" +
                                         words[k] + "> must not be negative."));
                }
            };
            if (kinds[i] == "none")
              numbers(0);
            else if (kinds[i] == "uniform")
              numbers(1);
            else if (kinds[i] == "implant")
              {
                numbers(3);
                AssertThrow(parameters[i][2] > 0,
                            ExcMessage("Parameter <" + parameter +
                                       ">: the straggle must be positive."));
              }
            else if (kinds[i] == "surface")
              {
                AssertThrow(words.size() == 3 && words[1] == "dose",
                            ExcMessage("Parameter <" + parameter +
                                       ">: write 'surface dose DOSE'."));
                parameters[i] = {parse_double(words[2], parameter)};
                AssertThrow(parameters[i][0] >= 0,
                            ExcMessage("Parameter <" + parameter +
                                       ">: the dose must not be negative."));
              }
            else if (kinds[i] == "function")
              {
                expressions[i] = std::make_unique<ParsedExpression<dim>>();
                expressions[i]->initialize(profiles[i].substr(8),
                                           parameter,
                                           {"depth"});
              }
            else
              AssertThrow(
                false,
                ExcMessage("Parameter <" + parameter + ">: <" + kinds[i] +
                           "> is not a profile. Use none, uniform C, implant "
                           "DOSE RP DRP, surface dose DOSE or function EXPR."));
          }
      }

      double
      value(const Point<dim> &p, const unsigned int i) const override
      {
        const double d = physics.depth(p);
        if (kinds[i] == "uniform")
          return parameters[i][0];
        if (kinds[i] == "implant")
          {
            // dose [cm^-2], Rp and dRp [um] -> a Gaussian in cm^-3
            const double um  = 1e-4 / length_unit_cm; // um in length units
            const double rp  = parameters[i][1] * um,
                         drp = parameters[i][2] * um;
            return parameters[i][0] /
                   (std::sqrt(2 * M_PI) * parameters[i][2] * 1e-4) *
                   std::exp(-(d - rp) * (d - rp) / (2 * drp * drp));
          }
        if (kinds[i] == "function")
          return expressions[i]->value(p, start_time, {d});
        return 0;
      }

      // Whether profile i is an implanted Gaussian.
      bool
      is_implant(const unsigned int i) const
      {
        return kinds[i] == "implant";
      }

      // The dose of a "surface dose" profile, or -1.
      double
      surface_dose(const unsigned int i) const
      {
        return kinds[i] == "surface" ? parameters[i][0] : -1;
      }

    private:
      const DopantDiffusion<dim>                         &physics;
      std::vector<std::string>                            kinds;
      std::vector<std::vector<double>>                    parameters;
      std::vector<std::unique_ptr<ParsedExpression<dim>>> expressions;
      double                                              length_unit_cm;
      double                                              start_time;
    };

    // Output of each dopant, the net doping and n/ni.
    template <int dim>
    class DopantOutput : public DataPostprocessor<dim>
    {
    public:
      DopantOutput(const DopantDiffusion<dim> &physics)
        : physics(physics)
      {}

      void
      evaluate_vector_field(
        const DataPostprocessorInputs::Vector<dim> &inputs,
        std::vector<Vector<double>> &computed_quantities) const override
      {
        const auto  &dopants = physics.get_dopants();
        const double T       = physics.temperature(physics.get_time());
        const double ni      = intrinsic_carrier_density(T);
        const auto   cell    = inputs.template get_cell<dim>();
        const bool   oxide   = physics.is_oxide(cell->material_id());
        for (unsigned int q = 0; q < inputs.solution_values.size(); ++q)
          {
            double N = oxide ? 0.0 : physics.signed_background();
            for (unsigned int i = 0; i < dopants.size(); ++i)
              {
                const double c =
                  physics.concentration_factor(i, cell->material_id()) *
                  inputs.solution_values[q][i];
                computed_quantities[q][i] = c;
                if (!oxide)
                  N += dopants[i].charge * c;
              }
            computed_quantities[q][dopants.size()] = N;
            computed_quantities[q][dopants.size() + 1] =
              std::exp(std::asinh(N / (2 * ni)));
          }
      }

      // One dopant: the solution is scalar.
      void
      evaluate_scalar_field(
        const DataPostprocessorInputs::Scalar<dim> &inputs,
        std::vector<Vector<double>> &computed_quantities) const override
      {
        DataPostprocessorInputs::Vector<dim> v;
        v.solution_values.resize(inputs.solution_values.size(),
                                 Vector<double>(1));
        v.template set_cell<dim>(inputs.template get_cell<dim>());
        for (unsigned int q = 0; q < inputs.solution_values.size(); ++q)
          v.solution_values[q][0] = inputs.solution_values[q];
        evaluate_vector_field(v, computed_quantities);
      }

      std::vector<std::string>
      get_names() const override
      {
        std::vector<std::string> names;
        for (const auto &d : physics.get_dopants())
          names.push_back(d.name);
        names.emplace_back("net_doping");
        names.emplace_back("n_over_ni");
        return names;
      }

      UpdateFlags
      get_needed_update_flags() const override
      {
        return update_values;
      }

    private:
      const DopantDiffusion<dim> &physics;
    };
  } // namespace

  template <int dim>
  DopantDiffusion<dim>::DopantDiffusion() = default;

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
      prm.declare_entry("Linear solver",
                        "auto",
                        Patterns::Selection("auto|direct|gmres"),
                        "direct: sparse LU (Amesos KLU); gmres: GMRES with "
                        "algebraic multigrid; auto: direct up to 20000 "
                        "unknowns, else gmres.");
      prm.declare_entry("Newton tolerance",
                        "1e-10",
                        Patterns::Double(0),
                        "[-] Newton stops when the update is below this "
                        "fraction of the largest concentration.");
      prm.declare_entry("Maximum Newton iterations",
                        "25",
                        Patterns::Integer(1),
                        "Newton iterations before the step is cut.");
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

  template <int dim>
  typename DopantDiffusion<dim>::SurfaceCondition
  DopantDiffusion<dim>::parse_surface_condition(const std::string &text,
                                                const std::string &parameter,
                                                const unsigned int dopant) const
  {
    SurfaceCondition c;
    const auto       words = Utilities::split_string_list(text, ' ');
    const auto       bad   = [&]() {
      AssertThrow(false,
                  ExcMessage("Parameter <" + parameter + ">: <" + text +
                             "> is not a surface condition. Use 'inert', "
                                     "'concentration CS', 'solubility' or "
                                     "'mass transfer H CSTAR'."));
    };
    const auto at_solubility = [&]() {
      AssertThrow(solubility[dopant] != nullptr,
                  ExcMessage("Parameter <" + parameter +
                             ">: 'solubility' needs the solid solubility of " +
                             dopants[dopant].name +
                             " in <Dopant diffusion/Solid solubilities> "
                             "(it has no built-in table)."));
      return true;
    };
    if (words.size() == 1 && words[0] == "inert")
      c.kind = SurfaceCondition::inert;
    else if (words.size() == 1 && words[0] == "solubility")
      {
        c.kind          = SurfaceCondition::concentration;
        c.at_solubility = at_solubility();
      }
    else if (words.size() == 2 && words[0] == "concentration")
      {
        c.kind  = SurfaceCondition::concentration;
        c.value = parse_double(words[1], parameter);
      }
    else if (words.size() == 4 && words[0] == "mass" && words[1] == "transfer")
      {
        c.kind = SurfaceCondition::mass_transfer;
        c.h    = parse_double(words[2], parameter);
        if (words[3] == "solubility")
          c.at_solubility = at_solubility();
        else
          c.value = parse_double(words[3], parameter);
        AssertThrow(c.h >= 0,
                    ExcMessage("Parameter <" + parameter +
                               ">: the transfer coefficient must not be "
                               "negative."));
      }
    else
      bad();
    AssertThrow(c.value >= 0,
                ExcMessage("Parameter <" + parameter +
                           ">: the concentration must not be negative."));
    return c;
  }

  template <int dim>
  void
  DopantDiffusion<dim>::initialize(const SimulatorContext<dim> &ctx,
                                   ParameterHandler            &prm)
  {
    context = ctx;
    degree  = ctx.element_degree;
    time    = ctx.start_time;
    AssertThrow(!ctx.steady,
                ExcMessage("Parameter <Time stepping/Mode>: the dopant "
                           "diffusion physics needs a transient run."));

    std::vector<std::string> names, oxide_names;
    prm.enter_subsection("Dopant diffusion");
    {
      const std::vector<DopantData> user =
        parse_user_dopants(prm.get("User dopants"),
                           "Dopant diffusion/User dopants");
      names = Utilities::split_string_list(prm.get("Dopants"), ',');
      AssertThrow(!names.empty(),
                  ExcMessage("Parameter <Dopant diffusion/Dopants> is empty."));
      for (const auto &n : names)
        {
          bool found = false;
          for (const auto &list : {user, built_in_dopants()})
            for (const auto &d : list)
              if (!found && d.name == n)
                {
                  dopants.push_back(d);
                  found = true;
                }
          std::string known = built_in_dopant_names();
          for (const auto &d : user)
            known += ", " + d.name;
          AssertThrow(found,
                      ExcMessage("Parameter <Dopant diffusion/Dopants>: <" + n +
                                 "> is not a known dopant. Known: " + known +
                                 "."));
          for (unsigned int k = 0; k + 1 < dopants.size(); ++k)
            AssertThrow(dopants[k].name != n,
                        ExcMessage("Parameter <Dopant diffusion/Dopants> "
                                   "lists <" +
                                   n + "> twice."));
        }
      fermi                = prm.get("Model") == "fermi";
      use_single_arrhenius = prm.get("Parameter set") == "intrinsic-arrhenius";
      AssertThrow(!(fermi && use_single_arrhenius),
                  ExcMessage("Parameter <Dopant diffusion/Parameter set>: "
                             "intrinsic-arrhenius has no charge states; the "
                             "fermi model needs fair-charge-states."));
      background = prm.get_double("Background doping") *
                   (prm.get("Background type") == "donor" ? 1.0 : -1.0);
      surface_name = prm.get("Surface");
      if (surface_name.empty())
        surface_name = (dim == 1 ? "left" : dim == 2 ? "top" : "front");
      const auto w = Utilities::split_string_list(prm.get("Mask window"), ',');
      AssertThrow(w.empty() || (dim > 1 && w.size() == 2 * (dim - 1)),
                  ExcMessage("Parameter <Dopant diffusion/Mask window> needs " +
                             std::string(dim == 1 ? "to be empty in 1D" :
                                         dim == 2 ? "two numbers, x0, x1" :
                                                    "four numbers, x0, x1, "
                                                    "y0, y1") +
                             "."));
      for (const auto &v : w)
        window.push_back(parse_double(v, "Dopant diffusion/Mask window"));
      // Oxide regions (checked against the mesh below).
      oxide_names = Utilities::split_string_list(prm.get("Oxide regions"), ',');
      segregation.clear();
      for (const auto &d : dopants)
        segregation.push_back(d.segregation);
      for (const auto &m : parse_map(prm.get("Segregation coefficients"),
                                     "Dopant diffusion/Segregation "
                                     "coefficients"))
        {
          const unsigned int i =
            dopant_index(m.first, "Dopant diffusion/Segregation coefficients");
          segregation[i] =
            parse_double(m.second, "Dopant diffusion/Segregation coefficients");
          AssertThrow(segregation[i] > 0,
                      ExcMessage("Parameter <Dopant diffusion/Segregation "
                                 "coefficients>: the coefficient of " +
                                 m.first + " must be positive."));
        }
      const auto oxide_d =
        parse_dopant_arrhenius(prm.get("Oxide diffusivities"),
                               "Dopant diffusion/Oxide diffusivities");
      oxide_diffusivity.clear();
      for (unsigned int i = 0; i < dopants.size(); ++i)
        {
          oxide_diffusivity.push_back(oxide_d[i].value_or(ArrheniusTerm()));
          AssertThrow(oxide_names.empty() || oxide_d[i],
                      ExcMessage("Parameter <Dopant diffusion/Oxide "
                                 "diffusivities> gives no diffusivity of " +
                                 dopants[i].name + " in the oxide regions."));
        }
      // Built-in tables first; the parameter replaces them per dopant.
      solubility.clear();
      solubility.resize(dopants.size());
      solubility_origin.assign(dopants.size(), "");
      for (unsigned int i = 0; i < dopants.size(); ++i)
        if (!dopants[i].solubility.empty())
          {
            solubility_origin[i] = "the built-in solid solubility of " +
                                   dopants[i].name + " (" +
                                   dopants[i].solubility_source + ")";
            solubility[i] =
              std::make_unique<SolidSolubility>(dopants[i].solubility,
                                                solubility_origin[i]);
          }
      for (const auto &entry :
           Utilities::split_string_list(prm.get("Solid solubilities"), ';'))
        {
          const std::string where = "Dopant diffusion/Solid solubilities";
          const auto        colon = entry.find(':');
          AssertThrow(colon != std::string::npos,
                      ExcMessage("Parameter <" + where + ">: <" + entry +
                                 "> must read like 'B: A EA' or 'B: table "
                                 "T1 C1 T2 C2'."));
          const std::string  name = Utilities::trim(entry.substr(0, colon));
          const unsigned int i    = dopant_index(name, where);
          solubility[i] =
            std::make_unique<SolidSolubility>(entry.substr(colon + 1),
                                              where + " (" + name + ")");
          solubility_origin[i] =
            "the solubility of " + name + " in <" + where + ">";
        }
      newton_tolerance      = prm.get_double("Newton tolerance");
      max_newton_iterations = prm.get_integer("Maximum Newton iterations");
      time_error_floor =
        prm.get_double("Time error floor") * std::abs(background);
      linear_solver = prm.get("Linear solver");
    }
    prm.leave_subsection();

    check_mesh_name(surface_name,
                    ctx.boundary_ids,
                    "Dopant diffusion/Surface",
                    MeshPart::boundary);
    surface_id = ctx.boundary_ids.at(surface_name);
    for (const auto &r : oxide_names)
      {
        check_mesh_name(r,
                        ctx.region_ids,
                        "Dopant diffusion/Oxide regions",
                        MeshPart::region);
        oxide_ids.insert(ctx.region_ids.at(r));
      }

    // The range of the last coordinate over the cells of the regions that
    // @p in_region selects, over all ranks (empty: min > max).
    const auto axis_range = [&](const auto &in_region) {
      double lo = 1e300, hi = -1e300;
      for (const auto &cell : ctx.triangulation->active_cell_iterators())
        if (cell->is_locally_owned() && in_region(cell->material_id()))
          for (const auto v : cell->vertex_indices())
            {
              lo = std::min(lo, cell->vertex(v)[dim - 1]);
              hi = std::max(hi, cell->vertex(v)[dim - 1]);
            }
      return std::make_pair(Utilities::MPI::min(lo, ctx.mpi_communicator),
                            Utilities::MPI::max(hi, ctx.mpi_communicator));
    };

    // Thin interface layers: their thickness along the last axis.
    layer_ids.clear();
    for (const auto &r : Utilities::split_string_list(
           prm.get(std::vector<std::string>{"Dopant diffusion"},
                   "Interface layer regions"),
           ','))
      {
        check_mesh_name(r,
                        ctx.region_ids,
                        "Dopant diffusion/Interface layer regions",
                        MeshPart::region);
        AssertThrow(!oxide_names.empty(),
                    ExcMessage("Parameter <Dopant diffusion/Interface layer "
                               "regions>: an interface layer separates "
                               "silicon from <Oxide regions>, and there are "
                               "none."));
        AssertThrow(!oxide_ids.count(ctx.region_ids.at(r)),
                    ExcMessage("Parameter <Dopant diffusion/Interface layer "
                               "regions>: <" +
                               r + "> is also one of the <Oxide regions>."));
        layer_ids.insert(ctx.region_ids.at(r));
      }
    layer_thickness.clear();
    for (const auto &cell : ctx.triangulation->cell_iterators_on_level(0))
      if (is_interface_layer(cell->material_id()))
        {
          const unsigned int d = thinnest_axis<dim>(cell);
          layer_thickness[cell->id().get_coarse_cell_id()] =
            (cell->face(2 * d + 1)->center() - cell->face(2 * d)->center())
              .norm();
        }

    // Disconnected interfaces carry the transport coefficients.
    interface_ids.clear();
    for (const auto &b : ctx.boundary_ids)
      if (b.first.rfind("interface", 0) == 0)
        interface_ids.insert(b.second);
    split_interfaces = !interface_ids.empty();
    {
      const std::string where =
        "Dopant diffusion/Interface transport coefficients";
      const std::string text =
        prm.get(std::vector<std::string>{"Dopant diffusion"},
                "Interface transport coefficients");
      const auto h = parse_dopant_arrhenius(text, where);
      interface_transport.clear();
      for (const auto &h_i : h)
        interface_transport.push_back(h_i.value_or(ArrheniusTerm()));
      AssertThrow(split_interfaces || !layer_ids.empty() || text.empty(),
                  ExcMessage("Parameter <" + where +
                             "> needs a 1D mesh whose regions are "
                             "disconnected at the interfaces (set "
                             "<Geometry/box/Disconnected interfaces> = "
                             "true), or in 2D/3D <Dopant diffusion/"
                             "Interface layer regions>."));
      for (unsigned int i = 0; i < dopants.size(); ++i)
        AssertThrow(layer_ids.empty() || h[i],
                    ExcMessage("Parameter <" + where +
                               "> gives no transport coefficient of " +
                               dopants[i].name +
                               "; the mesh has interface layers."));
      for (unsigned int i = 0; i < dopants.size(); ++i)
        AssertThrow(!split_interfaces || h[i],
                    ExcMessage("Parameter <" + where +
                               "> gives no transport "
                               "coefficient of " +
                               dopants[i].name +
                               "; the mesh has disconnected interfaces."));
      AssertThrow(!split_interfaces || !oxide_ids.empty(),
                  ExcMessage("Parameter <Dopant diffusion/Oxide regions>: "
                             "the mesh has disconnected interfaces, which "
                             "must separate silicon from oxide regions."));
    }

    process = std::make_unique<ThermalProcess>(
      prm.get(std::vector<std::string>{"Thermal process"}, "Steps"),
      "Thermal process/Steps",
      time);
    for (const auto &s : process->steps())
      for (const double T : {s.T_start_K, s.T_end_K})
        AssertThrow(T - 273.15 >= data_T_min_C - 1e-9 &&
                      T - 273.15 <= data_T_max_C + 1e-9,
                    ExcMessage("Parameter <Thermal process/Steps>: step <" +
                               s.name + "> reaches " +
                               Utilities::to_string(T - 273.15) +
                               " C, outside the range of the diffusion data (" +
                               std::to_string(int(data_T_min_C)) + " to " +
                               std::to_string(int(data_T_max_C)) + " C)."));

    prm.enter_subsection("Surface conditions");
    for (const auto &s : process->steps())
      {
        prm.enter_subsection(s.name);
        surface_conditions.emplace_back();
        for (unsigned int i = 0; i < dopants.size(); ++i)
          {
            const std::string where =
              "Surface conditions/" + s.name + "/" + dopants[i].name;
            surface_conditions.back().push_back(
              parse_surface_condition(prm.get(dopants[i].name), where, i));
            if (surface_conditions.back().back().at_solubility)
              for (const double T : {s.T_start_K, s.T_end_K})
                AssertThrow(solubility[i]->covers(T),
                            ExcMessage(
                              "Parameter <" + where + ">: step <" + s.name +
                              "> reaches " + Utilities::to_string(T - 273.15) +
                              " C, outside " + solubility_origin[i] +
                              ", which covers " + solubility[i]->range() +
                              "; give data for this range in "
                              "<Dopant diffusion/Solid "
                              "solubilities>."));
          }
        prm.leave_subsection();
      }
    prm.leave_subsection();
    prm.enter_subsection("Initial profiles");
    for (const auto &d : dopants)
      initial_profiles.push_back(prm.get(d.name));
    prm.leave_subsection();

    // Check the profiles now, while errors are still reported collectively.
    {
      std::vector<std::string> n;
      for (const auto &d : dopants)
        n.push_back(d.name);
      InitialProfiles<dim> check(*this, initial_profiles, n, 1e-4, time);
    }

    // The surface position along the last axis: the mean over its faces,
    // or on a stepped surface (a mask layer with openings) the top of the
    // silicon, where depth is measured from.
    double sum = 0, count = 0, s_min = 1e300, s_max = -1e300;
    for (const auto &cell : ctx.triangulation->active_cell_iterators())
      if (cell->is_locally_owned())
        {
          for (const auto f : cell->face_indices())
            if (cell->face(f)->at_boundary() &&
                cell->face(f)->boundary_id() == surface_id)
              {
                const double x = cell->face(f)->center()[dim - 1];
                sum += x;
                count += 1;
                s_min = std::min(s_min, x);
                s_max = std::max(s_max, x);
              }
        }
    if (!window.empty())
      {
        // The window must lie on the surface and have a positive width.
        std::vector<double> lo(dim, 1e300), hi(dim, -1e300);
        for (const auto &cell : ctx.triangulation->active_cell_iterators())
          if (cell->is_locally_owned())
            for (const auto f : cell->face_indices())
              if (cell->face(f)->at_boundary() &&
                  cell->face(f)->boundary_id() == surface_id)
                for (const auto v : cell->face(f)->vertex_indices())
                  for (unsigned int d = 0; d < dim; ++d)
                    {
                      lo[d] = std::min(lo[d], cell->face(f)->vertex(v)[d]);
                      hi[d] = std::max(hi[d], cell->face(f)->vertex(v)[d]);
                    }
        for (unsigned int d = 0; d + 1 < dim; ++d)
          {
            lo[d] = Utilities::MPI::min(lo[d], ctx.mpi_communicator);
            hi[d] = Utilities::MPI::max(hi[d], ctx.mpi_communicator);
            AssertThrow(window[2 * d] < window[2 * d + 1] &&
                          window[2 * d] >= lo[d] - 1e-12 &&
                          window[2 * d + 1] <= hi[d] + 1e-12,
                        ExcMessage(
                          "Parameter <Dopant diffusion/Mask window>: the "
                          "window " +
                          Utilities::to_string(window[2 * d]) + " to " +
                          Utilities::to_string(window[2 * d + 1]) +
                          " along axis " + std::to_string(d) +
                          " does not fit the surface <" + surface_name +
                          ">, which spans " + Utilities::to_string(lo[d]) +
                          " to " + Utilities::to_string(hi[d]) + "."));
          }
      }
    const MPI_Comm comm = ctx.mpi_communicator;
    sum                 = Utilities::MPI::sum(sum, comm);
    count               = Utilities::MPI::sum(count, comm);
    surface_coordinate  = count > 0 ? sum / count : 0;
    s_min               = Utilities::MPI::min(s_min, comm);
    s_max               = Utilities::MPI::max(s_max, comm);
    const auto [si_min, si_max] =
      axis_range([&](const auto m) { return is_silicon(m); });
    // Depth grows away from the side of the silicon the surface is on (of
    // the whole mesh if there is no silicon).
    const double middle = [&]() {
      if (si_max >= si_min)
        return 0.5 * (si_min + si_max);
      const auto [lo, hi] = axis_range([](const auto) { return true; });
      return 0.5 * (lo + hi);
    }();
    depth_sign = surface_coordinate > middle ? -1 : 1;
    if (dim > 1 && s_max - s_min > 1e-10 * (si_max - si_min))
      surface_coordinate = std::abs(si_max - surface_coordinate) <
                               std::abs(si_min - surface_coordinate) ?
                             si_max :
                             si_min;

    fe = std::make_unique<FESystem<dim>>(FE_Q<dim>(degree), dopants.size());
    dof_handler.reinit(*ctx.triangulation);
    setup_dofs();
  }

  template <int dim>
  void
  DopantDiffusion<dim>::setup_dofs()
  {
    TimerOutput::Scope timer_scope(*context.timer, "dofs and sparsity");
    dof_handler.distribute_dofs(*fe);
    locally_owned_dofs = dof_handler.locally_owned_dofs();
    DoFTools::extract_locally_relevant_dofs(dof_handler, locally_relevant_dofs);
    hanging_constraints.clear();
    hanging_constraints.reinit(locally_relevant_dofs);
    DoFTools::make_hanging_node_constraints(dof_handler, hanging_constraints);
    add_periodicity_constraints(dof_handler, hanging_constraints);
    hanging_constraints.close();
    make_constraints(time);

    DynamicSparsityPattern dsp(locally_relevant_dofs);
    // The surface conditions change between steps, so the pattern keeps
    // the couplings of the surface DoFs; only hanging nodes condense it.
    DoFTools::make_sparsity_pattern(dof_handler,
                                    dsp,
                                    hanging_constraints,
                                    true);
    find_interface_pairs(dsp);
    SparsityTools::distribute_sparsity_pattern(dsp,
                                               locally_owned_dofs,
                                               context.mpi_communicator,
                                               locally_relevant_dofs);
    jacobian.reinit(locally_owned_dofs,
                    locally_owned_dofs,
                    dsp,
                    context.mpi_communicator);
    // The correction keeps Q1 non-negative; Q2 couples positively within
    // every cell, where it would cost the higher order everywhere.
    use_correction     = dim > 1 && degree == 1;
    correction_current = false;
    if (use_correction)
      correction.reinit(jacobian);

    solution.reinit(locally_owned_dofs,
                    locally_relevant_dofs,
                    context.mpi_communicator);
    states.reinit(locally_owned_dofs,
                  locally_relevant_dofs,
                  context.mpi_communicator,
                  3);
    residual.reinit(locally_owned_dofs, context.mpi_communicator);
    history.reinit(solution);
    compute_lumped_mass();
  }

  template <int dim>
  void
  DopantDiffusion<dim>::compute_lumped_mass()
  {
    // Gauss-Lobatto points at the nodes make the mass diagonal per cell.
    // Condensing a hanging node hands its nodal mass to its masters with
    // the constraint weights, so the matrix stays diagonal (the consistent
    // condensation would couple the masters with positive entries, which
    // breaks positivity next to a refinement edge) and sum_j m_j u_j is the
    // same lumped dose as before condensation.
    const QGaussLobatto<dim> lumped(degree + 1);
    FEValues<dim>            fe_values(*context.mapping,
                            *fe,
                            lumped,
                            update_values | update_JxW_values);
    lumped_mass.reinit(locally_owned_dofs, context.mpi_communicator);
    std::vector<types::global_dof_index> dofs(fe->n_dofs_per_cell());
    Vector<double>                       cell_mass(fe->n_dofs_per_cell());
    // Interface layers store nothing.
    for (const auto &cell : dof_handler.active_cell_iterators())
      if (cell->is_locally_owned() && !is_interface_layer(cell->material_id()))
        {
          fe_values.reinit(cell);
          cell->get_dof_indices(dofs);
          cell_mass = 0;
          for (unsigned int q = 0; q < lumped.size(); ++q)
            for (unsigned int k = 0; k < dofs.size(); ++k)
              cell_mass(k) +=
                concentration_factor(fe->system_to_component_index(k).first,
                                     cell->material_id()) *
                fe_values.shape_value(k, q) * fe_values.JxW(q);
          hanging_constraints.distribute_local_to_global(cell_mass,
                                                         dofs,
                                                         lumped_mass);
        }
    lumped_mass.compress(VectorOperation::add);
  }

  template <int dim>
  void
  DopantDiffusion<dim>::find_interface_pairs(DynamicSparsityPattern &dsp)
  {
    interface_pairs.clear();
    if (!split_interfaces)
      return;
    // The faces of the disconnected interfaces with their position, side
    // and DoFs by component.
    struct Side
    {
      double                               x;
      bool                                 oxide;
      std::vector<types::global_dof_index> dofs;
    };
    std::vector<Side>                    sides;
    std::vector<types::global_dof_index> face_dofs(fe->n_dofs_per_face());
    for (const auto &cell : dof_handler.active_cell_iterators())
      for (const auto f : cell->face_indices())
        if (cell->face(f)->at_boundary() &&
            interface_ids.count(cell->face(f)->boundary_id()))
          {
            Side s;
            s.x     = cell->face(f)->center()[0];
            s.oxide = oxide_ids.count(cell->material_id()) > 0;
            s.dofs.resize(dopants.size());
            cell->face(f)->get_dof_indices(face_dofs);
            for (unsigned int k = 0; k < face_dofs.size(); ++k)
              s.dofs[fe->face_system_to_component_index(k).first] =
                face_dofs[k];
            sides.push_back(s);
          }
    std::vector<bool> used(sides.size(), false);
    for (unsigned int a = 0; a < sides.size(); ++a)
      if (!used[a])
        {
          unsigned int b = a + 1;
          while (b < sides.size() &&
                 (used[b] || std::abs(sides[b].x - sides[a].x) >
                               1e-10 * (1 + std::abs(sides[a].x))))
            ++b;
          AssertThrow(b < sides.size() && sides[a].oxide != sides[b].oxide,
                      ExcMessage("Parameter <Dopant diffusion/Oxide regions>: "
                                 "each disconnected interface must separate "
                                 "a silicon region from an oxide region (at "
                                 "x = " +
                                 Utilities::to_string(sides[a].x) + ")."));
          used[a] = used[b] = true;
          InterfacePair p;
          p.silicon = sides[a].oxide ? sides[b].dofs : sides[a].dofs;
          p.oxide   = sides[a].oxide ? sides[a].dofs : sides[b].dofs;
          for (unsigned int i = 0; i < dopants.size(); ++i)
            {
              dsp.add(p.silicon[i], p.oxide[i]);
              dsp.add(p.oxide[i], p.silicon[i]);
            }
          interface_pairs.push_back(p);
        }
  }

  template <int dim>
  unsigned int
  DopantDiffusion<dim>::dopant_index(const std::string &name,
                                     const std::string &where) const
  {
    unsigned int i = 0;
    while (i < dopants.size() && dopants[i].name != name)
      ++i;
    AssertThrow(i < dopants.size(),
                ExcMessage("Parameter <" + where + ">: <" + name +
                           "> is not one of the dopants."));
    return i;
  }

  template <int dim>
  std::vector<std::optional<ArrheniusTerm>>
  DopantDiffusion<dim>::parse_dopant_arrhenius(const std::string &text,
                                               const std::string &where) const
  {
    std::vector<std::optional<ArrheniusTerm>> terms(dopants.size());
    for (const auto &entry : Utilities::split_string_list(text, ';'))
      {
        const auto colon = entry.find(':');
        const auto w     = Utilities::split_string_list(
          Utilities::trim(colon == std::string::npos ? std::string() :
                                                       entry.substr(colon + 1)),
          ' ');
        AssertThrow(colon != std::string::npos && w.size() == 2,
                    ExcMessage("Parameter <" + where + ">: <" + entry +
                               "> must read like 'B: A Ea' (two numbers)."));
        const std::string  name = Utilities::trim(entry.substr(0, colon));
        const unsigned int i    = dopant_index(name, where);
        terms[i] =
          ArrheniusTerm{parse_double(w[0], where), parse_double(w[1], where)};
        AssertThrow(terms[i]->prefactor_cm2_s >= 0 &&
                      terms[i]->activation_eV >= 0,
                    ExcMessage("Parameter <" + where + ">: the values of " +
                               name + " must not be negative."));
      }
    return terms;
  }

  template <int dim>
  double
  DopantDiffusion<dim>::surface_value(const SurfaceCondition &c,
                                      const unsigned int      i,
                                      const double            T) const
  {
    return c.at_solubility ? solubility[i]->value(T) : c.value;
  }

  template <int dim>
  void
  DopantDiffusion<dim>::make_constraints(const double t)
  {
    // Predeposition: the surface concentration of the step that ends at t.
    const auto  &conditions = surface_conditions[process->step_index(t)];
    const double T          = process->temperature(t);
    constraints.clear();
    constraints.reinit(locally_relevant_dofs);
    constraints.merge(hanging_constraints);
    zero_constraints.clear();
    zero_constraints.reinit(locally_relevant_dofs);
    zero_constraints.merge(hanging_constraints);
    // Surface DoFs in the window (everywhere without a mask). Silicon
    // faces first: where silicon and an oxide meet on the surface (the edge
    // of an opening in a mask layer) the silicon value holds.
    std::vector<types::global_dof_index> dofs(fe->n_dofs_per_cell());
    for (const bool oxide_pass : {false, true})
      for (const auto &cell : dof_handler.active_cell_iterators())
        if (!cell->is_artificial() &&
            !is_interface_layer(cell->material_id()) &&
            is_oxide(cell->material_id()) == oxide_pass)
          for (const auto f : cell->face_indices())
            if (cell->face(f)->at_boundary() &&
                cell->face(f)->boundary_id() == surface_id)
              {
                cell->get_dof_indices(dofs);
                for (unsigned int k = 0; k < dofs.size(); ++k)
                  {
                    const unsigned int i =
                      fe->system_to_component_index(k).first;
                    if (conditions[i].kind != SurfaceCondition::concentration ||
                        !fe->has_support_on_face(k, f) ||
                        constraints.is_constrained(dofs[k]) ||
                        !locally_relevant_dofs.is_element(dofs[k]))
                      continue;
                    const Point<dim> x =
                      context.mapping->transform_unit_to_real_cell(
                        cell, fe->unit_support_point(k));
                    if (!in_window(x))
                      continue;
                    constraints.add_line(dofs[k]);
                    constraints.set_inhomogeneity(
                      dofs[k],
                      surface_value(conditions[i], i, T) /
                        concentration_factor(i, cell->material_id()));
                    zero_constraints.add_line(dofs[k]);
                  }
              }
    constraints.close();
    zero_constraints.close();
  }

  template <int dim>
  void
  DopantDiffusion<dim>::set_initial_condition()
  {
    InitialProfiles<dim> profiles(
      *this,
      initial_profiles,
      [&]() {
        std::vector<std::string> n;
        for (const auto &d : dopants)
          n.push_back(d.name);
        return n;
      }(),
      length_unit_cm(),
      time);
    VectorType owned(locally_owned_dofs, context.mpi_communicator);
    VectorTools::interpolate(*context.mapping, dof_handler, profiles, owned);
    if (!oxide_ids.empty())
      {
        // The profiles give concentrations; in an oxide u = C / K. DoFs on
        // the interface keep the silicon value.
        std::set<types::global_dof_index>    silicon;
        std::vector<types::global_dof_index> dofs(fe->n_dofs_per_cell());
        for (const auto &cell : dof_handler.active_cell_iterators())
          if (!cell->is_artificial() && is_silicon(cell->material_id()))
            {
              cell->get_dof_indices(dofs);
              silicon.insert(dofs.begin(), dofs.end());
            }
        std::set<types::global_dof_index> done;
        for (const auto &cell : dof_handler.active_cell_iterators())
          if (!cell->is_artificial() && is_oxide(cell->material_id()))
            {
              cell->get_dof_indices(dofs);
              for (unsigned int k = 0; k < dofs.size(); ++k)
                if (locally_owned_dofs.is_element(dofs[k]) &&
                    !silicon.count(dofs[k]) && done.insert(dofs[k]).second)
                  owned[dofs[k]] /=
                    concentration_factor(fe->system_to_component_index(k).first,
                                         cell->material_id());
            }
        owned.compress(VectorOperation::insert);
      }

    // An implant keeps its dose. The nodal values of a Gaussian that the
    // mesh does not resolve miss its integral (+15 % for dRp = 20 nm on
    // 100 nm cells), so each implanted profile is scaled to the integral of
    // the Gaussian over the mesh (10 Gauss points per direction and cell).
    std::vector<double> implant_dose(dopants.size(), 0.0);
    bool                any_implant = false;
    for (unsigned int i = 0; i < dopants.size(); ++i)
      any_implant |= profiles.is_implant(i);
    if (any_implant)
      {
        const QGauss<dim> quadrature(10);
        FEValues<dim>     fe_values(*context.mapping,
                                *fe,
                                quadrature,
                                update_quadrature_points | update_JxW_values);
        for (const auto &cell : dof_handler.active_cell_iterators())
          if (cell->is_locally_owned() &&
              !is_interface_layer(cell->material_id()))
            {
              fe_values.reinit(cell);
              for (unsigned int q = 0; q < quadrature.size(); ++q)
                for (unsigned int i = 0; i < dopants.size(); ++i)
                  if (profiles.is_implant(i))
                    implant_dose[i] +=
                      profiles.value(fe_values.quadrature_point(q), i) *
                      fe_values.JxW(q);
            }
        // On the mesh: the lumped dose sum_j m_j u_j (hanging nodes carry no
        // mass; the constraints set them at the end).
        for (unsigned int i = 0; i < dopants.size(); ++i)
          if (profiles.is_implant(i))
            {
              ComponentMask mask(dopants.size(), false);
              mask.set(i, true);
              const IndexSet dofs = DoFTools::extract_dofs(dof_handler, mask);
              double         on_mesh = 0;
              for (const auto dof : dofs)
                on_mesh += lumped_mass[dof] * owned[dof];
              on_mesh = Utilities::MPI::sum(on_mesh, context.mpi_communicator);
              const double exact =
                Utilities::MPI::sum(implant_dose[i], context.mpi_communicator);
              if (on_mesh <= 0 || exact <= 0)
                continue;
              for (const auto dof : dofs)
                owned[dof] *= exact / on_mesh;
            }
        owned.compress(VectorOperation::insert);
      }

    // A delta-like layer: the whole dose on the surface nodes, with the
    // nodal (lumped) mass, so that the discrete dose is exact.
    bool any_surface_dose = false;
    for (unsigned int i = 0; i < dopants.size(); ++i)
      any_surface_dose |= profiles.surface_dose(i) >= 0;
    if (any_surface_dose)
      {
        const double area = wafer_area();
        // The surface nodes of each component.
        std::vector<IndexSet> surface_dofs(dopants.size());
        for (unsigned int i = 0; i < dopants.size(); ++i)
          {
            ComponentMask mask(dopants.size(), false);
            mask.set(i, true);
            surface_dofs[i] =
              DoFTools::extract_boundary_dofs(dof_handler, mask, {surface_id});
          }
        for (unsigned int i = 0; i < dopants.size(); ++i)
          if (profiles.surface_dose(i) >= 0)
            {
              double surface_mass = 0;
              for (const auto dof : surface_dofs[i])
                if (locally_owned_dofs.is_element(dof) &&
                    !hanging_constraints.is_constrained(dof))
                  surface_mass += lumped_mass[dof];
              surface_mass =
                Utilities::MPI::sum(surface_mass, context.mpi_communicator);
              // dose [cm^-2] * area [L^(dim-1)] / length unit [cm]
              const double amount =
                profiles.surface_dose(i) * area / length_unit_cm();
              for (const auto dof : surface_dofs[i])
                if (locally_owned_dofs.is_element(dof))
                  owned[dof] = amount / surface_mass;
            }
        owned.compress(VectorOperation::insert);
      }

    // A predeposition in the first step starts from its surface value.
    constraints.distribute(owned);
    states.fill(owned);
    solution = owned;
  }

  template <int dim>
  void
  DopantDiffusion<dim>::assemble(const TimeStepData &data,
                                 const bool          with_matrix,
                                 const bool          refresh_correction)
  {
    TimerOutput::Scope timer_scope(*context.timer, "assembly");
    const unsigned int n_species = dopants.size();
    const double       T         = process->temperature(data.time);
    const double       ni        = intrinsic_carrier_density(T);
    const double       scale     = diffusivity_scale();
    const double       s         = fermi ? 1.0 : 0.0;
    const auto &conditions = surface_conditions[process->step_index(data.time)];
    std::vector<double> c_star(n_species);
    for (unsigned int i = 0; i < n_species; ++i)
      c_star[i] = surface_value(conditions[i], i, T);

    std::vector<double> D_fixed(n_species), D_e(n_species), dD_e(n_species);
    std::vector<double> D_oxide(n_species), D_layer(n_species),
      K(n_species, 1.0);
    for (unsigned int i = 0; i < n_species; ++i)
      {
        D_fixed[i] =
          (use_single_arrhenius && dopants[i].intrinsic.prefactor_cm2_s > 0 ?
             dopants[i].intrinsic.value(T) :
             dopants[i].intrinsic_diffusivity(T)) *
          scale;
        D_oxide[i] = oxide_diffusivity[i].value(T) * scale;
        // Across an interface layer: D = h delta, so D / delta = h (delta:
        // per coarse cell, in the cell loop).
        D_layer[i] = interface_transport[i].value(T) / length_unit_cm();
      }

    const QGauss<dim> quadrature(degree + 1);
    // The surface mass transfer with the nodal rule too: a diagonal term.
    Quadrature<dim - 1> face_quadrature;
    if constexpr (dim > 1)
      face_quadrature = QGaussLobatto<dim - 1>(degree + 1);
    else
      face_quadrature = QGauss<dim - 1>(1);
    FEValues<dim>     fe_values(*context.mapping,
                            *fe,
                            quadrature,
                            update_values | update_gradients |
                              update_JxW_values);
    FEValues<dim>     fe_nodal(*context.mapping,
                           *fe,
                           QGaussLobatto<dim>(degree + 1),
                           update_values | update_gradients |
                             update_JxW_values);
    FEFaceValues<dim> fe_face(*context.mapping,
                              *fe,
                              face_quadrature,
                              update_values | update_JxW_values);

    const unsigned int n = fe->n_dofs_per_cell();
    FullMatrix<double> cell_matrix(n, n);
    FullMatrix<double> cell_diffusion(n, n);
    const bool         refresh = refresh_correction && use_correction;
    if (refresh)
      correction = 0;
    Vector<double>                           cell_residual(n);
    std::vector<types::global_dof_index>     dofs(n);
    std::vector<Vector<double>>              values(quadrature.size(),
                                       Vector<double>(n_species));
    std::vector<std::vector<Tensor<1, dim>>> grads(
      quadrature.size(), std::vector<Tensor<1, dim>>(n_species));
    std::vector<Vector<double>> face_values(face_quadrature.size(),
                                            Vector<double>(n_species));
    std::vector<unsigned int>   comp(n);
    for (unsigned int k = 0; k < n; ++k)
      comp[k] = fe->system_to_component_index(k).first;

    if (with_matrix)
      jacobian = 0;
    residual = 0;
    // Local contributions into the residual (and the Jacobian).
    const auto add_local =
      [&](const FullMatrix<double>                   &matrix,
          const Vector<double>                       &vector,
          const std::vector<types::global_dof_index> &indices) {
        if (with_matrix)
          zero_constraints.distribute_local_to_global(
            matrix, vector, indices, jacobian, residual);
        else
          zero_constraints.distribute_local_to_global(vector,
                                                      indices,
                                                      residual);
      };
    std::vector<Tensor<1, dim>> flux(n_species);

    for (const auto &cell : dof_handler.active_cell_iterators())
      if (cell->is_locally_owned())
        {
          cell_matrix   = 0;
          cell_residual = 0;
          if (refresh)
            cell_diffusion = 0;
          cell->get_dof_indices(dofs);

          // C = K u per dopant: K = 1 in silicon, 1/m in an oxide.
          const bool oxide = is_oxide(cell->material_id());
          const bool layer = is_interface_layer(cell->material_id());
          for (unsigned int i = 0; i < n_species; ++i)
            K[i] = concentration_factor(i, cell->material_id());

          // Fluxes. An interface layer only carries the flux across itself:
          // D = h delta along its normal n (the direction in which the cell
          // is thinnest), none along it. With the nodal (Gauss-Lobatto)
          // rule each node then couples only with the node across the
          // layer, negatively, as a pair of nodes on a 1D interface does;
          // a Gauss rule, or D along the layer, couples the nodes along
          // each side positively (no M-matrix: undershoots next to the
          // mask edge).
          FEValues<dim> &fe_flux = layer ? fe_nodal : fe_values;
          fe_flux.reinit(cell);
          fe_flux.get_function_values(solution, values);
          fe_flux.get_function_gradients(solution, grads);
          Tensor<1, dim> normal;
          double         delta = 0;
          if (layer)
            {
              normal = thinnest_direction<dim>(cell);
              delta  = layer_thickness.at(cell->id().get_coarse_cell_id());
            }
          // In an oxide: Fick's law with the oxide diffusivity, no field;
          // in an interface layer: u = C_Si on one side and m C_ox on the
          // other.
          for (unsigned int q = 0; q < quadrature.size() && (oxide || layer);
               ++q)
            {
              const double JxW = fe_flux.JxW(q);
              // The gradient that drives the flux: all of it in an oxide,
              // its normal part in a layer.
              const auto drive = [&](const Tensor<1, dim> &g) {
                return layer ? (g * normal) * normal : g;
              };
              for (unsigned int k = 0; k < n; ++k)
                {
                  const unsigned int i = comp[k];
                  const double       D =
                    layer ? D_layer[i] * delta : D_oxide[i] * K[i];
                  cell_residual(k) +=
                    D * drive(grads[q][i]) * fe_flux.shape_grad(k, q) * JxW;
                  if (with_matrix || refresh)
                    for (unsigned int l = 0; l < n; ++l)
                      if (comp[l] == i)
                        {
                          const double a = D * drive(fe_flux.shape_grad(l, q)) *
                                           fe_flux.shape_grad(k, q) * JxW;
                          cell_matrix(k, l) += a;
                          if (refresh)
                            cell_diffusion(k, l) += a;
                        }
                }
            }
          for (unsigned int q = 0; q < quadrature.size() && !oxide && !layer;
               ++q)
            {
              const double   JxW = fe_values.JxW(q);
              double         N   = background;
              Tensor<1, dim> gradN;
              for (unsigned int j = 0; j < n_species; ++j)
                {
                  N += dopants[j].charge * values[q][j];
                  gradN += dopants[j].charge * grads[q][j];
                }
              const double eta  = std::asinh(N / (2 * ni));
              const double e    = std::exp(eta);
              const double etap = 1.0 / (2 * ni * std::cosh(eta)); // d eta/dN
              for (unsigned int i = 0; i < n_species; ++i)
                {
                  if (fermi)
                    {
                      D_e[i]  = dopants[i].diffusivity(T, e) * scale;
                      dD_e[i] = dopants[i].diffusivity_derivative(T, e) * scale;
                    }
                  else
                    {
                      D_e[i]  = D_fixed[i];
                      dD_e[i] = 0;
                    }
                  const double z = dopants[i].charge;
                  flux[i]        = D_e[i] *
                            (grads[q][i] + s * z * values[q][i] * etap * gradN);
                }
              for (unsigned int k = 0; k < n; ++k)
                {
                  const unsigned int i = comp[k];
                  cell_residual(k) +=
                    flux[i] * fe_values.shape_grad(k, q) * JxW;
                }
              // The operator on C_i at frozen n/ni: diffusion D_i grad C_i
              // and, with the fermi model, the drift of the built-in field
              // D_i z_i C_i grad ln(n/ni).
              if (refresh)
                for (unsigned int k = 0; k < n; ++k)
                  for (unsigned int l = 0; l < n; ++l)
                    if (comp[k] == comp[l])
                      {
                        const unsigned int i = comp[k];
                        cell_diffusion(k, l) +=
                          D_e[i] *
                          (fe_values.shape_grad(l, q) +
                           s * dopants[i].charge * etap *
                             fe_values.shape_value(l, q) * gradN) *
                          fe_values.shape_grad(k, q) * JxW;
                      }
              if (!with_matrix)
                continue;
              for (unsigned int l = 0; l < n; ++l)
                {
                  const unsigned int   j    = comp[l];
                  const double         zj   = dopants[j].charge;
                  const double         psi  = fe_values.shape_value(l, q);
                  const Tensor<1, dim> dpsi = fe_values.shape_grad(l, q);
                  const double         de   = e * etap * zj * psi;
                  const double detap = -N * etap * etap * etap * zj * psi;
                  for (unsigned int k = 0; k < n; ++k)
                    {
                      const unsigned int i  = comp[k];
                      const double       zi = dopants[i].charge;
                      Tensor<1, dim>     dflux;
                      if (fermi)
                        {
                          dflux = dD_e[i] * de *
                                  (grads[q][i] +
                                   s * zi * values[q][i] * etap * gradN);
                          Tensor<1, dim> inner =
                            s * zi *
                            (values[q][i] * detap * gradN +
                             values[q][i] * etap * zj * dpsi);
                          if (i == j)
                            inner += dpsi + s * zi * psi * etap * gradN;
                          dflux += D_e[i] * inner;
                        }
                      else if (i == j)
                        dflux = D_e[i] * dpsi;
                      cell_matrix(k, l) +=
                        dflux * fe_values.shape_grad(k, q) * JxW;
                    }
                }
            }

          // Mass transfer at the surface: J.n = h (C - C*) outwards.
          for (const auto f : cell->face_indices())
            if (cell->face(f)->at_boundary() &&
                cell->face(f)->boundary_id() == surface_id)
              {
                bool any = false;
                for (const auto &c : conditions)
                  any |= c.kind == SurfaceCondition::mass_transfer;
                if (!any)
                  break;
                if (!in_window(cell->face(f)->center()))
                  continue;
                fe_face.reinit(cell, f);
                fe_face.get_function_values(solution, face_values);
                for (unsigned int q = 0; q < face_quadrature.size(); ++q)
                  for (unsigned int k = 0; k < n; ++k)
                    {
                      const unsigned int i = comp[k];
                      const auto        &c = conditions[i];
                      if (c.kind != SurfaceCondition::mass_transfer)
                        continue;
                      // cm/s -> length units / s
                      const double h   = c.h / length_unit_cm();
                      const double phi = fe_face.shape_value(k, q);
                      cell_residual(k) +=
                        h * (K[i] * face_values[q][i] - c_star[i]) * phi *
                        fe_face.JxW(q);
                      if (with_matrix)
                        for (unsigned int l = 0; l < n; ++l)
                          if (comp[l] == i)
                            cell_matrix(k, l) += h * K[i] * phi *
                                                 fe_face.shape_value(l, q) *
                                                 fe_face.JxW(q);
                    }
              }

          add_local(cell_matrix, cell_residual, dofs);
          if (refresh)
            {
              // Symmetric per cell, so that the correction is symmetric to
              // the last bit or two (the global sums may add in different
              // orders) and moves no dopant beyond round-off: the larger of
              // the two couplings, so that the correction d_ij >= max(a_ij,
              // a_ji) cancels the positive couplings of the drift, which is
              // not symmetric (discrete upwinding); the diffusion part is.
              for (unsigned int k = 0; k < n; ++k)
                for (unsigned int l = 0; l < k; ++l)
                  cell_diffusion(k, l) = cell_diffusion(l, k) =
                    std::max(cell_diffusion(k, l), cell_diffusion(l, k));
              // Condensed on hanging nodes only: couplings to nodes with a
              // prescribed surface value are corrected as well.
              hanging_constraints.distribute_local_to_global(cell_diffusion,
                                                             dofs,
                                                             correction);
            }
        }

    // Transport across disconnected interfaces (1D, unit area): the flux
    // J = h (C_Si - m C_ox) leaves silicon and enters the oxide.
    for (const auto &p : interface_pairs)
      for (unsigned int i = 0; i < n_species; ++i)
        {
          const double h = interface_transport[i].value(T) / length_unit_cm();
          const double m = segregation[i];
          const double J =
            h * (solution(p.silicon[i]) - m * solution(p.oxide[i]));
          FullMatrix<double> local_matrix(2, 2);
          Vector<double>     local_residual(2);
          local_residual(0)                                    = J;
          local_residual(1)                                    = -J;
          local_matrix(0, 0)                                   = h;
          local_matrix(0, 1)                                   = -h * m;
          local_matrix(1, 0)                                   = -h;
          local_matrix(1, 1)                                   = h * m;
          const std::vector<types::global_dof_index> pair_dofs = {p.silicon[i],
                                                                  p.oxide[i]};
          add_local(local_matrix, local_residual, pair_dofs);
        }

    // Time derivative with the condensed lumped mass: diagonal, on the
    // owned rows that are not constrained.
    for (const auto dof : locally_owned_dofs)
      if (!zero_constraints.is_constrained(dof))
        {
          const double m = lumped_mass[dof];
          residual[dof] += m * (data.alpha * solution[dof] - history[dof]);
          if (with_matrix)
            jacobian.add(dof, dof, m * data.alpha);
        }
    if (with_matrix)
      jacobian.compress(VectorOperation::add);
    residual.compress(VectorOperation::add);

    if (refresh)
      {
        correction.compress(VectorOperation::add);
        build_correction();
      }
    if (use_correction)
      {
        // sum_j d_ij (u_i - u_j), from differences: the product with the
        // matrix would leave the round-off of its row sums times u (1e18
        // cm^-3) in every row, a systematic drift of the dose.
        VectorType owned(locally_owned_dofs, context.mpi_communicator);
        owned                          = solution;
        const Epetra_CrsMatrix &matrix = correction.trilinos_matrix();
        Epetra_Vector           u(matrix.ColMap());
        if (matrix.Importer() != nullptr)
          u.Import(owned.trilinos_vector(), *matrix.Importer(), Insert);
        else
          u.Update(1.0, owned.trilinos_vector(), 0.0);
        for (int r = 0; r < matrix.NumMyRows(); ++r)
          {
            int     n_entries = 0;
            double *values    = nullptr;
            int    *columns   = nullptr;
            matrix.ExtractMyRowView(r, n_entries, values, columns);
            const long long row = matrix.GRID64(r);
            const double    ui  = u[matrix.ColMap().LID(row)];
            double          sum = 0;
            for (int k = 0; k < n_entries; ++k)
              if (matrix.GCID64(columns[k]) != row)
                sum -= values[k] * (ui - u[columns[k]]);
            if (sum != 0)
              residual[row] += sum;
          }
        if (with_matrix)
          jacobian.add(1.0, correction);
      }
  }

  template <int dim>
  void
  DopantDiffusion<dim>::build_correction()
  {
    // Positive couplings a_ij above the round-off of the larger of the two
    // diagonal entries a_ii, a_jj: a threshold of the pair keeps the
    // correction symmetric, and unlike one global threshold it keeps the
    // weak couplings of an oxide next to a layer with a large h.
    const Epetra_CrsMatrix &matrix = correction.trilinos_matrix();
    Epetra_Vector           diagonal_rows(matrix.RowMap());
    matrix.ExtractDiagonalCopy(diagonal_rows);
    Epetra_Vector diagonal_columns(matrix.ColMap());
    if (matrix.Importer() != nullptr)
      diagonal_columns.Import(diagonal_rows, *matrix.Importer(), Insert);
    else
      diagonal_columns = diagonal_rows;
    // In place, through the row views of the Epetra matrix (deal.II's row
    // iterators copy each row).
    for (int r = 0; r < matrix.NumMyRows(); ++r)
      {
        int     n_entries = 0;
        double *values    = nullptr;
        int    *columns   = nullptr;
        matrix.ExtractMyRowView(r, n_entries, values, columns);
        const auto row = static_cast<types::global_dof_index>(matrix.GRID64(r));
        const bool skip     = zero_constraints.is_constrained(row);
        double     sum      = 0;
        int        diagonal = -1;
        for (int k = 0; k < n_entries; ++k)
          if (static_cast<types::global_dof_index>(matrix.GCID64(columns[k])) ==
              row)
            diagonal = k;
          else
            {
              const double threshold =
                1e-12 *
                std::max(diagonal_rows[r], diagonal_columns[columns[k]]);
              const bool positive = !skip && values[k] > threshold;
              sum += positive ? values[k] : 0.0;
              values[k] = positive ? -values[k] : 0.0;
            }
        if (diagonal >= 0)
          values[diagonal] = sum;
      }
    correction.compress(VectorOperation::insert);
  }

  template <int dim>
  unsigned int
  DopantDiffusion<dim>::solve_linear_system(VectorType &update)
  {
    TimerOutput::Scope timer_scope(*context.timer, "linear solve");
    update.reinit(residual);
    const bool direct =
      linear_solver == "direct" ||
      (linear_solver == "auto" && dof_handler.n_dofs() <= direct_solver_limit);
    unsigned int iterations = 1;
    if (direct)
      {
        SolverControl                  control(1, 0);
        TrilinosWrappers::SolverDirect solver(control);
        solver.solve(jacobian, update, residual);
      }
    else
      {
        // GMRES with algebraic multigrid, rebuilt with every Jacobian.
        TrilinosWrappers::PreconditionAMG                 amg;
        TrilinosWrappers::PreconditionAMG::AdditionalData data;
        data.elliptic        = true;
        data.smoother_sweeps = 2;
        std::vector<std::vector<bool>> modes;
        DoFTools::extract_constant_modes(dof_handler,
                                         ComponentMask(dopants.size(), true),
                                         modes);
        data.constant_modes = modes;
        amg.initialize(jacobian, data);
        SolverControl           control(1000, 1e-10 * residual.l2_norm());
        SolverGMRES<VectorType> solver(
          control, typename SolverGMRES<VectorType>::AdditionalData(100));
        solver.solve(jacobian, update, residual, amg);
        iterations = control.last_step();
      }
    zero_constraints.distribute(update);
    return iterations;
  }

  template <int dim>
  StepResult
  DopantDiffusion<dim>::solve_step(const TimeStepData &data)
  {
    StepResult result;
    last_step = data;
    time      = data.time;
    make_constraints(data.time);

    // History term sum_k beta_k C^{n-k}, once per step (not per Newton
    // iteration), into the persistent ghosted vector.
    states.combine(data.beta, residual);
    history = residual;

    // Predictor, with the prescribed surface values in place.
    VectorType u(locally_owned_dofs, context.mpi_communicator);
    if (data.gamma.empty())
      u = states.old[0];
    else
      states.combine(data.gamma, u);
    constraints.distribute(u);
    const VectorType predictor(u);

    try
      {
        VectorType update;
        for (unsigned int it = 0; it < max_newton_iterations; ++it)
          {
            solution = u;
            // The positivity correction is frozen over the Newton
            // iterations of a step; with the constant model it only
            // changes with the mesh, the temperature and the surface
            // conditions.
            const double       T    = process->temperature(data.time);
            const unsigned int part = process->step_index(data.time);
            const bool refresh = it == 0 && (fermi || !correction_current ||
                                             T != correction_temperature ||
                                             part != correction_part);
            assemble(data, true, refresh);
            correction_current     = true;
            correction_temperature = T;
            correction_part        = part;
            const double r         = residual.l2_norm();
            AssertThrow(std::isfinite(r),
                        ExcMessage("the residual is not finite"));
            result.linear_iterations += solve_linear_system(update);
            ++result.nonlinear_iterations;
            u.add(-1.0, update);
            const double u_norm = u.linfty_norm();
            AssertThrow(std::isfinite(u_norm),
                        ExcMessage("the solution is not finite"));
            if (!fermi || update.linfty_norm() <=
                            newton_tolerance * std::max(u_norm, 1e-300))
              {
                result.converged = true;
                break;
              }
          }
        if (!result.converged)
          result.failure = "Newton's method did not converge in " +
                           std::to_string(max_newton_iterations) +
                           " iterations";
      }
    catch (const std::exception &e)
      {
        // The first sentence is enough on the progress line.
        const std::string message = exception_message(e);
        result.converged          = false;
        result.failure            = message.substr(0, message.find(". ") + 1);
      }
    states.current = u;
    solution       = u;
    if (result.converged && data.error_constant > 0)
      {
        result.error_estimate =
          data.error_constant * relative_time_error(predictor,
                                                    u,
                                                    lumped_mass,
                                                    time_error_floor,
                                                    context.mpi_communicator);
      }
    return result;
  }

  template <int dim>
  void
  DopantDiffusion<dim>::accept_step()
  {
    states.accept();
  }

  template <int dim>
  void
  DopantDiffusion<dim>::reject_step()
  {
    states.reject(solution);
    time = time - last_step.dt;
  }

  template <int dim>
  std::vector<VectorType *>
  DopantDiffusion<dim>::state_vectors()
  {
    return states.state_vectors(solution);
  }

  template <int dim>
  std::vector<double>
  DopantDiffusion<dim>::amounts(const VectorType    &u,
                                std::vector<double> *silicon) const
  {
    const QGaussLobatto<dim>    lumped(degree + 1);
    FEValues<dim>               fe_values(*context.mapping,
                            *fe,
                            lumped,
                            update_values | update_JxW_values);
    std::vector<Vector<double>> values(lumped.size(),
                                       Vector<double>(dopants.size()));
    std::vector<double>         sum(dopants.size(), 0.0);
    if (silicon)
      silicon->assign(dopants.size(), 0.0);
    for (const auto &cell : dof_handler.active_cell_iterators())
      if (cell->is_locally_owned() && !is_interface_layer(cell->material_id()))
        {
          fe_values.reinit(cell);
          fe_values.get_function_values(u, values);
          const bool in_silicon = is_silicon(cell->material_id());
          for (unsigned int q = 0; q < lumped.size(); ++q)
            for (unsigned int i = 0; i < dopants.size(); ++i)
              {
                const double a = concentration_factor(i, cell->material_id()) *
                                 values[q][i] * fe_values.JxW(q);
                sum[i] += a;
                if (silicon && in_silicon)
                  (*silicon)[i] += a;
              }
        }
    for (auto &v : sum)
      v = Utilities::MPI::sum(v, context.mpi_communicator);
    if (silicon)
      for (auto &v : *silicon)
        v = Utilities::MPI::sum(v, context.mpi_communicator);
    return sum;
  }

  template <int dim>
  double
  DopantDiffusion<dim>::wafer_area() const
  {
    const QGauss<dim - 1> face_quadrature(degree + 1);
    FEFaceValues<dim>     fe_face(*context.mapping,
                              *fe,
                              face_quadrature,
                              update_JxW_values | update_normal_vectors);
    double                area = 0;
    for (const auto &cell : dof_handler.active_cell_iterators())
      if (cell->is_locally_owned() && cell->at_boundary())
        for (const auto f : cell->face_indices())
          if (cell->face(f)->at_boundary() &&
              cell->face(f)->boundary_id() == surface_id)
            {
              fe_face.reinit(cell, f);
              for (unsigned int q = 0; q < face_quadrature.size(); ++q)
                area +=
                  fe_face.JxW(q) * std::abs(fe_face.normal_vector(q)[dim - 1]);
            }
    return Utilities::MPI::sum(area, context.mpi_communicator);
  }

  template <int dim>
  void
  DopantDiffusion<dim>::adjust_refinement_flags(const unsigned int max_level)
  {
    if constexpr (dim > 1)
      if (!layer_ids.empty())
        limit_layer_levels<dim>(
          *context.triangulation,
          [this](const types::material_id m) { return is_interface_layer(m); },
          max_level);
    (void)max_level;
  }

  template <int dim>
  bool
  DopantDiffusion<dim>::repair_refinement_flags()
  {
    if constexpr (dim > 1)
      if (!layer_ids.empty())
        return flag_cells_under_layers<dim>(*context.triangulation,
                                            [this](const types::material_id m) {
                                              return is_interface_layer(m);
                                            }) > 0;
    return false;
  }

  template <int dim>
  void
  DopantDiffusion<dim>::before_state_transfer()
  {
    amounts_before_transfer.clear();
    for (const auto v : state_vectors())
      {
        const auto a = amounts(*v);
        amounts_before_transfer.insert(amounts_before_transfer.end(),
                                       a.begin(),
                                       a.end());
      }
  }

  template <int dim>
  void
  DopantDiffusion<dim>::after_state_transfer(const bool conserve_amount)
  {
    make_constraints(time);
    states.take_transferred(solution, hanging_constraints);
    const auto vectors = state_vectors();
    // Coarsening interpolates, which does not conserve the dose. A dopant
    // that no surface condition feeds (inert surface) gets each of its
    // fields scaled back to the dose it had before the mesh changed.
    if (!conserve_amount ||
        amounts_before_transfer.size() != vectors.size() * dopants.size())
      return;
    const auto &conditions = surface_conditions[process->step_index(time)];
    std::vector<IndexSet> component_dofs(dopants.size());
    for (unsigned int i = 0; i < dopants.size(); ++i)
      {
        ComponentMask mask(dopants.size(), false);
        mask.set(i, true);
        component_dofs[i] = DoFTools::extract_dofs(dof_handler, mask);
      }
    for (unsigned int k = 0; k < vectors.size(); ++k)
      {
        VectorType &owned = states.owned(k);
        const auto  a     = amounts(*vectors[k]);
        for (unsigned int i = 0; i < dopants.size(); ++i)
          {
            const double before =
              amounts_before_transfer[k * dopants.size() + i];
            if (conditions[i].kind != SurfaceCondition::inert || a[i] == 0 ||
                before == 0)
              continue;
            for (const auto dof : component_dofs[i])
              if (locally_owned_dofs.is_element(dof))
                owned[dof] *= before / a[i];
          }
        owned.compress(VectorOperation::insert);
        *vectors[k] = owned;
      }
  }

  template <int dim>
  void
  DopantDiffusion<dim>::add_output_fields(DataOut<dim> &data_out) const
  {
    output_postprocessor = std::make_unique<DopantOutput<dim>>(*this);
    data_out.add_data_vector(dof_handler, solution, *output_postprocessor);
  }

  FLUXION_REGISTER_PHYSICS(
    DopantDiffusion,
    "dopant diffusion",
    "Diffusion of dopants (B, P, As, Sb, user-defined) in silicon during "
    "a thermal process of dwells and ramps, with surface sources, the "
    "intrinsic (constant) or Fermi-level dependent (fermi) model, and "
    "coupling through the electron density.")
} // namespace Fluxion
