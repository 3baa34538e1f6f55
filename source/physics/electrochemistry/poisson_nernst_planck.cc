#include <deal.II/base/mpi.h>

#include <fluxion/core/input_checks.h>
#include <fluxion/core/named_plugins.h>
#include <fluxion/core/utilities.h>
#include <fluxion/physics/electrochemistry/constants.h>
#include <fluxion/physics/electrochemistry/poisson_nernst_planck.h>

#include <algorithm>
#include <cmath>
#include <iostream>
#include <limits>
#include <set>
#include <sstream>

// Parameters, fields and set-up of the Poisson-Nernst-Planck physics.
namespace Fluxion
{
  namespace
  {
    const std::string section = "Poisson Nernst Planck";

    // The species names of a list, or an example list for the reference.
    std::vector<std::string>
    species_names(ParameterHandler &prm, const NamedSections which)
    {
      if (which == NamedSections::every_plugin)
        return {"cation", "anion"};
      prm.enter_subsection(section);
      const auto names = Utilities::split_string_list(prm.get("Species"));
      prm.leave_subsection();
      return names;
    }

    // A value per region: one number for all regions, or "region: value"
    // pairs (other regions take @p fallback). Values must be > @p minimum
    // (or >= when @p strict is false).
    std::map<types::material_id, double>
    region_values(const std::string                               &text,
                  const std::string                               &parameter,
                  const std::map<std::string, types::material_id> &regions,
                  double                                          &fallback,
                  const bool                                       positive)
    {
      std::map<types::material_id, double> values;
      const auto check = [&](const double v, const std::string &where) {
        AssertThrow(std::isfinite(v) && (positive ? v > 0 : true),
                    ExcMessage("Parameter <" + parameter + ">" + where +
                               " must be positive, got " +
                               Utilities::to_string(v) + "."));
      };
      if (text.find(':') == std::string::npos)
        {
          fallback = parse_double(text, parameter);
          check(fallback, "");
          return values;
        }
      for (const auto &item : parse_map(text, parameter))
        {
          check_mesh_name(item.first, regions, parameter, MeshPart::region);
          const double v = parse_double(item.second, parameter);
          check(v, " in region <" + item.first + ">");
          values[regions.at(item.first)] = v;
        }
      return values;
    }
  } // namespace

  template <int dim>
  void
  PoissonNernstPlanck<dim>::declare_parameters(ParameterHandler &prm)
  {
    prm.enter_subsection(section);
    prm.declare_entry("Species",
                      "",
                      Patterns::Anything(),
                      "The ionic species, comma separated, e.g. 'Na, Cl'. "
                      "Each has a subsection of this name; the fields of "
                      "the run are the species and phi.");
    prm.declare_entry("Temperature",
                      "298.15",
                      Patterns::Double(0),
                      "[K] The temperature; it sets the thermal voltage "
                      "RT/F.");
    prm.declare_entry(
      "Formulation",
      "exponential fitting",
      Patterns::Selection("exponential fitting|logarithmic|galerkin"),
      "The discretisation of the Nernst-Planck fluxes. 'exponential "
      "fitting': Scharfetter-Gummel fluxes between the vertices of each "
      "cell (Q1 elements only), exact for the Boltzmann distribution, with "
      "lumped time derivative and charge; concentrations stay positive and "
      "Newton converges on any mesh without obtuse cells. 'logarithmic': "
      "Galerkin for ln(c) (any degree); concentrations are positive by "
      "construction, but on meshes much coarser than the Debye length the "
      "discrete problem can have no solution. 'galerkin': Galerkin for c, "
      "which can oscillate and turn negative where the mesh does not "
      "resolve the Debye length. With 'logarithmic', concentrations on "
      "essential boundaries must be positive.");
    prm.declare_entry(
      "Charge model",
      "poisson",
      Patterns::Selection("poisson|electroneutrality"),
      "How the potential is found. 'poisson': Poisson's equation "
      "-div(eps0 eps_r grad phi) = F (sum z c + X), which resolves double "
      "layers. 'electroneutrality': sum z c + X = 0 replaces Poisson and phi "
      "is the electrolyte potential, for cells much larger than the Debye "
      "length (no double layers; phi takes only essential conditions, at "
      "reservoirs, and a transient run must start electroneutral). Needs a "
      "charged species.");
    prm.declare_entry(
      "Ion-free regions",
      "",
      Patterns::Anything(),
      "Regions without ions, comma separated (a dielectric such as an "
      "oxide or a membrane's backbone): only Poisson's equation, with the "
      "region's eps_r and fixed charge, is solved there; their interface "
      "with the electrolyte is a wall without flux for every species. Not "
      "with the logarithmic formulation nor with electroneutrality.");
    prm.declare_entry("Relative permittivity",
                      "78.4",
                      Patterns::Anything(),
                      "[-] eps_r: one number, or 'region: value' pairs.");
    prm.declare_entry(
      "Fixed charge concentration",
      "0",
      Patterns::Anything(),
      "[mol/m^3] The fixed charge X of the medium in elementary charges "
      "per volume (negative in a cation-exchange membrane): one number, or "
      "'region: value' pairs (other regions have none).");
    prm.declare_entry(
      "Fixed charge expression",
      "0",
      Patterns::Anything(),
      "[mol/m^3] A fixed charge given as an expression of x, y, z and t, "
      "added everywhere to <Fixed charge concentration> (e.g. the source "
      "of Poisson's equation of a manufactured solution). Lumped to the "
      "vertices with exponential fitting.");
    prm.leave_subsection();
    AdvectionField<dim>::declare_parameters(
      prm,
      "Each species' flux gains c u. With <Poisson Nernst Planck/"
      "Formulation> = exponential fitting the velocity enters the "
      "Scharfetter-Gummel drift of each edge, -u.(x_w - x_v)/D with u at "
      "the midpoint of the edge (monotone at any cell Peclet number, exact "
      "for steady 1D flow); with logarithmic and galerkin c u is added to "
      "the Galerkin flux without stabilisation (it oscillates where the "
      "cell Peclet number exceeds 1). Conditions on natural boundaries give "
      "the total outward flux, advection included (a 'no flux' wall has no "
      "flux of any kind); the boundary fluxes in the statistics are the "
      "totals, with their advective part beside the diffusive and "
      "migrative ones.",
      false);
  }

  template <int dim>
  void
  PoissonNernstPlanck<dim>::declare_named_parameters(ParameterHandler   &prm,
                                                     const NamedSections which)
  {
    const auto names = species_names(prm, which);
    // On the second call (after the file was read again) the sections of
    // the species and fields exist; only the boundaries they list are new.
    auto fields = names;
    fields.push_back("phi");
    const bool declared =
      !names.empty() && prm.subsection_path_exists({section, names.front()});
    if (declared)
      {
        declare_diffusivity_law_sections(prm, which, names);
        CoupledPhysics<dim>::declare_named_system_parameters(prm,
                                                             which,
                                                             fields);
        return;
      }
    prm.enter_subsection(section);
    for (const auto &name : names)
      {
        prm.enter_subsection(name);
        prm.declare_entry("Charge number",
                          "",
                          Patterns::Anything(),
                          "[-] z of the species (1 for Na+, -1 for Cl-, 0 "
                          "for a neutral species). Required.");
        prm.declare_entry("Diffusivity",
                          "",
                          Patterns::Anything(),
                          "[length unit^2/s] One number, or 'region: "
                          "value' pairs. Empty: 1e-9, unless <Diffusivity "
                          "laws> is given (not both).");
        prm.declare_entry(
          "Diffusivity laws",
          "",
          Patterns::Anything(),
          "The diffusivity law of each region with ions, as 'region: law' "
          "pairs, instead of <Diffusivity>; the parameters of each region's "
          "law go into a subsection of this species named after the region. "
          "The law's T is <Poisson Nernst Planck/Temperature> (not the "
          "section Temperature of the diffusion physics), t the time and c "
          "this species' concentration [mol/m^3]. A law that depends on "
          "none of x, t and c is one number; the others are evaluated at "
          "the quadrature points (logarithmic, galerkin) or, with "
          "exponential fitting, on each edge at its midpoint with the mean "
          "of the values at its two vertices (for a D linear in c this is "
          "exactly the Kirchhoff difference Phi(c_w) - Phi(c_v), Phi' = D), "
          "and Newton's Jacobian takes their dD/dc (half of it at either "
          "vertex of an edge). Laws: " +
            PluginRegistry<DiffusivityLaw<dim>>::instance().names() + "." +
            PluginRegistry<DiffusivityLaw<dim>>::instance().descriptions());
        prm.declare_entry("Bulk concentration",
                          "0",
                          Patterns::Double(0),
                          "[mol/m^3] The concentration in the bulk "
                          "electrolyte, for its Debye length and the check "
                          "that it is electroneutral.");
        prm.declare_entry(
          "Reaction rate",
          "0",
          Patterns::Anything(),
          "[mol/m^3/s] The homogeneous reaction rate R of the species, "
          "dc/dt + div J = R: an expression of x, y, z, t and the "
          "concentrations, named by the species (e.g. '-k*A*B + kr*C' "
          "for A + B <-> C, with the numbers of k and kr written in). 0 "
          "(the default): no reaction. Newton's Jacobian takes dR/dc by "
          "central differences with a relative step of 1e-6. With "
          "exponential fitting R is lumped to the vertices.");
        prm.leave_subsection();
      }
    prm.leave_subsection();
    declare_diffusivity_law_sections(prm, which, names);
    CoupledPhysics<dim>::declare_system_parameters(prm, fields);
    CoupledPhysics<dim>::declare_named_system_parameters(prm, which, fields);
  }

  template <int dim>
  void
  PoissonNernstPlanck<dim>::read_species(ParameterHandler &prm)
  {
    const auto names = Utilities::split_string_list(prm.get("Species"));
    AssertThrow(!names.empty(),
                ExcMessage("Parameter <" + section +
                           "/Species> is empty: name the ionic species, "
                           "e.g. 'Na, Cl'."));
    std::set<std::string>    seen;
    std::vector<std::string> rates, parameters;
    species.clear();
    for (const auto &name : names)
      {
        const std::string path = section + "/" + name;
        AssertThrow(name != "phi" && seen.insert(name).second,
                    ExcMessage("Parameter <" + section +
                               "/Species>: the "
                               "name <" +
                               name + "> is " +
                               (name == "phi" ? "that of the potential" :
                                                "listed twice") +
                               "."));
        IonicSpecies s;
        s.name = name;
        prm.enter_subsection(name);
        AssertThrow(!Utilities::trim(prm.get("Charge number")).empty(),
                    ExcMessage("Parameter <" + path +
                               "/Charge number> is not set: give the charge "
                               "number z of species " +
                               name + " (e.g. 1 for Na+, -1 for Cl-)."));
        s.charge =
          parse_double(prm.get("Charge number"), path + "/Charge number");
        // <Diffusivity> or, when it is empty, <Diffusivity laws>
        // (read_diffusivity_laws()) or 1e-9.
        const std::string D = Utilities::trim(prm.get("Diffusivity"));
        const bool laws = !Utilities::trim(prm.get("Diffusivity laws")).empty();
        AssertThrow(D.empty() || !laws,
                    ExcMessage("Parameters <" + path + "/Diffusivity> and <" +
                               path +
                               "/Diffusivity laws> are both set: give the "
                               "diffusivity of species " +
                               name + " by one of them."));
        if (!laws)
          s.diffusivity = region_values(D.empty() ? "1e-9" : D,
                                        path + "/Diffusivity",
                                        context.region_ids,
                                        s.fallback_diffusivity,
                                        true);
        s.bulk = prm.get_double("Bulk concentration");
        rates.push_back(Utilities::trim(prm.get("Reaction rate")));
        prm.leave_subsection();
        species.push_back(s);
        parameters.push_back(path + "/Reaction rate");
      }
    reactions.initialize(names, rates, parameters);

    // The bulk electrolyte must be neutral.
    double charge = 0, scale = 0;
    for (const auto &s : species)
      {
        charge += s.charge * s.bulk;
        scale += std::abs(s.charge) * s.bulk;
      }
    AssertThrow(std::abs(charge) <= 1e-10 * scale,
                ExcMessage("The bulk concentrations (<" + section +
                           "/SPECIES/Bulk concentration>) are not "
                           "electroneutral: sum z c = " +
                           Utilities::to_string(charge) +
                           " mol/m^3; make the charges balance."));
  }

  template <int dim>
  void
  PoissonNernstPlanck<dim>::initialize(const SimulatorContext<dim> &ctx,
                                       ParameterHandler            &prm)
  {
    this->store_context(ctx);
    prm.enter_subsection(section);
    temperature     = prm.get_double("Temperature");
    thermal_voltage = Electrochemistry::thermal_voltage(temperature);
    logarithmic     = prm.get("Formulation") == "logarithmic";
    fitted          = prm.get("Formulation") == "exponential fitting";
    electroneutral  = prm.get("Charge model") == "electroneutrality";
    AssertThrow(!fitted || ctx.element_degree == 1,
                ExcMessage("<" + section +
                           "/Formulation> = exponential fitting needs Q1 "
                           "elements, but <Discretization/Polynomial "
                           "degree> is " +
                           std::to_string(ctx.element_degree) +
                           "; set it to 1, or choose 'logarithmic'."));
    permittivity = region_values(prm.get("Relative permittivity"),
                                 section + "/Relative permittivity",
                                 ctx.region_ids,
                                 permittivity_fallback,
                                 true);
    fixed_charge = region_values(prm.get("Fixed charge concentration"),
                                 section + "/Fixed charge concentration",
                                 ctx.region_ids,
                                 fixed_charge_fallback,
                                 false);
    const std::string expression =
      Utilities::trim(prm.get("Fixed charge expression"));
    fixed_charge_expression.reset();
    if (expression != "0")
      {
        fixed_charge_expression = std::make_unique<ParsedExpression<dim>>();
        fixed_charge_expression->initialize(expression,
                                            section +
                                              "/Fixed charge expression");
      }
    read_species(prm);
    read_ion_free_regions(prm.get("Ion-free regions"));
    prm.leave_subsection();
    read_diffusivity_laws(prm);
    advection.parse_parameters(prm, false);
    CoupledPhysics<dim>::initialize(ctx, prm);
    if (electroneutral)
      check_electroneutral_setup();
  }

  template <int dim>
  void
  PoissonNernstPlanck<dim>::read_ion_free_regions(const std::string &text)
  {
    const std::string parameter = section + "/Ion-free regions";
    ion_free.clear();
    for (const auto &name : Utilities::split_string_list(text))
      {
        check_mesh_name(name, context.region_ids, parameter, MeshPart::region);
        ion_free.insert(context.region_ids.at(name));
      }
    if (ion_free.empty())
      return;
    AssertThrow(!logarithmic,
                ExcMessage("<" + parameter +
                           "> needs a formulation in c, but <" + section +
                           "/Formulation> is logarithmic (ln c has no value "
                           "where there are no ions); choose 'exponential "
                           "fitting' or 'galerkin'."));
    AssertThrow(!electroneutral,
                ExcMessage("<" + section +
                           "/Charge model> = electroneutrality cannot hold in "
                           "the ion-free regions of <" +
                           parameter +
                           ">: there is no charge to balance there; use the "
                           "poisson model."));
    AssertThrow(ion_free.size() < context.region_ids.size(),
                ExcMessage("<" + parameter +
                           "> lists every region of the mesh: the species "
                           "have nowhere to be."));
  }

  template <int dim>
  void
  PoissonNernstPlanck<dim>::check_electroneutral_setup() const
  {
    bool charged = false;
    for (const auto &s : species)
      charged |= s.charge != 0;
    AssertThrow(charged,
                ExcMessage("<" + section +
                           "/Charge model> = electroneutrality needs a "
                           "charged species, but every species of <" +
                           section + "/Species> has charge number 0."));
    const unsigned int phi = species.size();
    for (const auto &b : context.boundary_ids)
      {
        const auto *bc = this->condition(phi, b.second);
        AssertThrow(bc == nullptr || bc->is_essential(),
                    ExcMessage(
                      "<Boundary conditions/phi/Types>: boundary <" + b.first +
                      "> has a natural condition on phi (a surface charge "
                      "or a Stern layer), which the electroneutral model "
                      "(<" +
                      section +
                      "/Charge model> = electroneutrality) cannot take: it "
                      "has no double layers. Give phi a dirichlet value "
                      "there or no condition, or use the poisson model."));
      }
  }

  template <int dim>
  FieldDescriptions
  PoissonNernstPlanck<dim>::fields() const
  {
    std::vector<FieldDescription> f;
    for (const auto &s : species)
      {
        FieldDescription d;
        d.name           = s.name;
        d.unit           = "mol/m^3";
        d.logarithmic    = logarithmic;
        d.absent_regions = ion_free;
        f.push_back(d);
      }
    FieldDescription phi;
    phi.name                = "phi";
    phi.unit                = "V";
    phi.has_time_derivative = false;
    phi.conserved           = false;
    phi.non_negative        = false;
    phi.scale               = thermal_voltage;
    phi.equation_scale      = poisson_scale;
    f.push_back(phi);
    return FieldDescriptions(f);
  }

  template <int dim>
  double
  PoissonNernstPlanck<dim>::bulk_debye_length() const
  {
    std::vector<double> z, c;
    for (const auto &s : species)
      {
        z.push_back(s.charge);
        c.push_back(s.bulk);
      }
    return Electrochemistry::debye_length(z,
                                          c,
                                          temperature,
                                          permittivity_fallback) /
           context.length_unit_in_m;
  }

  template <int dim>
  void
  PoissonNernstPlanck<dim>::setup_dofs()
  {
    CoupledPhysics<dim>::setup_dofs();
    // Poisson's residual weighs in Newton's norm like the diffusion of the
    // charge over a Debye length or, on coarser meshes, over the smallest
    // cell: D / (max(lambda, h)^2 F L).
    double D = 0, bulk = 0;
    for (const auto &s : species)
      {
        D = std::max(D, s.fallback_diffusivity);
        for (const auto &d : s.diffusivity)
          D = std::max(D, d.second);
        bulk += s.bulk;
      }
    D        = std::max(D, largest_diffusivity());
    double h = std::numeric_limits<double>::max();
    for (const auto &cell : dof_handler.active_cell_iterators())
      if (cell->is_locally_owned())
        h = std::min(h, cell->minimum_vertex_distance());
    h                   = Utilities::MPI::min(h, context.mpi_communicator);
    const double length = std::max(bulk > 0 ? bulk_debye_length() : 0.0, h);
    poisson_scale       = D / (length * length * Electrochemistry::faraday *
                         context.length_unit_in_m);
    // Electroneutrality sum z c + X = 0 weighs like the diffusion of the
    // charge over the smallest cell: D / h^2.
    if (electroneutral)
      poisson_scale = D / (h * h);
    if (!scales_printed)
      print_scales();
    scales_printed = true;
  }

  template <int dim>
  void
  PoissonNernstPlanck<dim>::set_initial_condition()
  {
    CoupledPhysics<dim>::set_initial_condition();
    check_reservoirs();
    if (electroneutral && !context.steady)
      check_initial_neutrality();
    check_reaction_rates();
    check_velocity();
    check_diffusivities();
    if (logarithmic)
      return;
    std::string bad;
    for (unsigned int s = 0; s < species.size() && bad.empty(); ++s)
      for (const auto i : field_dofs[s])
        if (!(solution[i] >= 0))
          {
            bad = "Parameter <Initial conditions/" + species[s].name +
                  ">: the concentration is " +
                  Utilities::to_string(static_cast<double>(solution[i])) +
                  " somewhere; concentrations must not be negative.";
            break;
          }
    throw_if_any_rank(bad, context.mpi_communicator);
  }

  template <int dim>
  void
  PoissonNernstPlanck<dim>::check_reservoirs() const
  {
    std::string bad;
    for (const auto &b : context.boundary_ids)
      {
        bool reservoir = true;
        for (unsigned int s = 0; s < species.size(); ++s)
          {
            const auto *bc = this->condition(s, b.second);
            reservoir &= bc != nullptr && bc->is_essential();
          }
        if (!reservoir || !bad.empty())
          continue;
        for (const auto &cell : dof_handler.active_cell_iterators())
          if (cell->is_locally_owned() && cell->at_boundary())
            for (const auto f : cell->face_indices())
              if (cell->face(f)->at_boundary() &&
                  cell->face(f)->boundary_id() == b.second && bad.empty())
                {
                  const Point<dim> p      = cell->face(f)->center();
                  double           charge = 0, scale = 0;
                  for (unsigned int s = 0; s < species.size(); ++s)
                    {
                      const double c =
                        this->condition(s, b.second)->concentration(p, time);
                      charge += species[s].charge * c;
                      scale += std::abs(species[s].charge * c);
                    }
                  if (std::abs(charge) > 1e-8 * scale)
                    bad = "The concentrations on boundary <" + b.first +
                          "> (<Boundary conditions/SPECIES/" + b.first +
                          ">) are not electroneutral: sum z c = " +
                          Utilities::to_string(charge) +
                          " mol/m^3. A reservoir must be neutral; make the "
                          "charges balance.";
                }
      }
    throw_if_any_rank(bad, context.mpi_communicator);
  }

  template <int dim>
  void
  PoissonNernstPlanck<dim>::check_initial_neutrality() const
  {
    const unsigned int nv = GeometryInfo<dim>::vertices_per_cell;
    const auto        &fe = dof_handler.get_fe();
    Vector<double>     local(fe.n_dofs_per_cell());
    std::vector<types::global_dof_index> dofs(fe.n_dofs_per_cell());
    std::string                          bad;
    for (const auto &cell : dof_handler.active_cell_iterators())
      if (cell->is_locally_owned() && bad.empty())
        {
          // The mean charge of the cell's vertices, leaving out those
          // where a species takes an essential value (a boundary value may
          // differ from the initial one: a step at t = 0).
          cell->get_dof_values(solution, local);
          cell->get_dof_indices(dofs);
          std::vector<bool> skip(nv, false);
          for (unsigned int i = 0; i < local.size(); ++i)
            {
              const auto ci = fe.system_to_component_index(i);
              if (ci.second < nv && ci.first < species.size() &&
                  constraints.is_constrained(dofs[i]) &&
                  !hanging_constraints.is_constrained(dofs[i]))
                skip[ci.second] = true;
            }
          const unsigned int n = std::count(skip.begin(), skip.end(), false);
          if (n == 0)
            continue;
          double charge = 0, scale = 0;
          for (unsigned int i = 0; i < local.size(); ++i)
            {
              const auto ci = fe.system_to_component_index(i);
              if (ci.first == species.size() || ci.second >= nv ||
                  skip[ci.second])
                continue;
              const double c = logarithmic ? std::exp(local(i)) : local(i);
              charge += species[ci.first].charge * c / n;
              scale += std::abs(species[ci.first].charge) * c / n;
            }
          const double X = region_value(fixed_charge,
                                        cell->material_id(),
                                        fixed_charge_fallback);
          charge += X;
          scale += std::abs(X);
          std::ostringstream where;
          where << cell->center();
          if (std::abs(charge) > 1e-8 * scale)
            bad = "<Initial conditions>: the initial concentrations are not "
                  "electroneutral near (" +
                  where.str() +
                  "): sum z c + X = " + Utilities::to_string(charge) +
                  " mol/m^3. The electroneutral model (<" + section +
                  "/Charge model> = electroneutrality) needs a neutral "
                  "start; make the charges balance, or solve the steady "
                  "state.";
        }
    throw_if_any_rank(bad, context.mpi_communicator);
  }

  template <int dim>
  void
  PoissonNernstPlanck<dim>::print_scales() const
  {
    const bool writer = Utilities::MPI::this_mpi_process(MPI_COMM_WORLD) == 0;
    double     bulk   = 0;
    for (const auto &s : species)
      bulk += s.bulk;
    if (bulk == 0)
      {
        if (writer)
          std::cout << "Electrolyte: no bulk concentrations given, no Debye "
                       "length.\n";
        return;
      }
    const double debye = bulk_debye_length();
    if (writer)
      std::cout << "Electrolyte: Debye length " << debye << " "
                << "(length unit), thermal voltage " << thermal_voltage
                << " V\n";
    // The smallest cell on each boundary where phi has a condition (the
    // electroneutral model has no double layers to resolve).
    if (electroneutral)
      return;
    const unsigned int phi = species.size();
    for (const auto &b : context.boundary_ids)
      {
        if (this->condition(phi, b.second) == nullptr)
          continue;
        double h = std::numeric_limits<double>::max();
        for (const auto &cell : dof_handler.active_cell_iterators())
          if (cell->is_locally_owned() && cell->at_boundary())
            for (const auto f : cell->face_indices())
              if (cell->face(f)->at_boundary() &&
                  cell->face(f)->boundary_id() == b.second &&
                  ion_free.count(cell->material_id()) == 0)
                h = std::min(h, cell->minimum_vertex_distance());
        // A boundary of ion-free regions only has no double layer.
        h = Utilities::MPI::min(h, context.mpi_communicator);
        if (h == std::numeric_limits<double>::max())
          continue;
        if (writer)
          {
            std::cout << "  boundary " << b.first << ": smallest cell " << h
                      << "\n";
            if (h > debye)
              std::cout << "  Warning: the cells on boundary <" << b.first
                        << "> are coarser than the Debye length; the double "
                           "layer there is resolved only if the mesh is "
                           "refined to it (<Mesh refinement>).\n";
          }
      }
  }

  // Registering instantiates the class for dim = 1, 2, 3.
  FLUXION_REGISTER_PHYSICS(PoissonNernstPlanck,
                           "poisson nernst planck",
                           "Ionic species that diffuse and migrate in the "
                           "potential they create (Poisson-Nernst-Planck).")
} // namespace Fluxion
