#include <algorithm>
#include <cmath>
#include <iomanip>
#include <iterator>
#include <sstream>

#include <deal.II/base/quadrature_lib.h>
#include <deal.II/dofs/dof_tools.h>
#include <deal.II/fe/fe_q.h>
#include <deal.II/lac/dynamic_sparsity_pattern.h>
#include <deal.II/lac/sparsity_tools.h>
#include <deal.II/numerics/vector_tools.h>

#include <fluxion/core/input_checks.h>
#include <fluxion/core/named_plugins.h>
#include <fluxion/core/utilities.h>
#include <fluxion/physics/coupled_physics.h>

// Setup, initial state, time steps and state of the coupled physics core.
namespace Fluxion
{
  namespace
  {
    /**
     * The initial values of all fields as one vector-valued function.
     */
    template <int dim>
    class FieldsFunction : public Function<dim>
    {
    public:
      FieldsFunction(
        const std::vector<std::unique_ptr<ParsedExpression<dim>>> &e,
        const double                                               t)
        : Function<dim>(e.size())
        , expressions(e)
        , t(t)
      {}

      double
      value(const Point<dim> &p, const unsigned int c) const override
      {
        return expressions[c]->value(p, t);
      }

    private:
      const std::vector<std::unique_ptr<ParsedExpression<dim>>> &expressions;
      const double                                               t;
    };

    // The settings of the field-split preconditioner from <Solver/Field
    // preconditioners> ("field: type" pairs) and the variant.
    FieldSplitPreconditioner::AdditionalData
    parse_field_split(const FieldDescriptions &fields,
                      const std::string       &list,
                      const std::string       &variant)
    {
      const std::string parameter = "Solver/Field preconditioners";
      FieldSplitPreconditioner::AdditionalData data;
      data.block_solvers.assign(fields.size(),
                                FieldSplitPreconditioner::BlockSolver::amg);
      for (const auto &item : parse_map(list, parameter))
        data.block_solvers[fields.index(item.first, parameter)] =
          FieldSplitPreconditioner::parse_block_solver(item.second, parameter);
      data.variant = variant == "jacobi" ?
                       FieldSplitPreconditioner::Variant::jacobi :
                       FieldSplitPreconditioner::Variant::gauss_seidel;
      return data;
    }
  } // namespace

  template <int dim>
  void
  CoupledPhysics<dim>::declare_system_parameters(
    ParameterHandler               &prm,
    const std::vector<std::string> &field_names)
  {
    prm.enter_subsection("Solver");
    {
      NewtonSettings::declare_parameters(prm, NewtonSettings());
      prm.declare_entry(
        "Linear solver",
        "auto",
        Patterns::Selection("auto|direct|gmres"),
        "'direct': a sparse direct solver (Amesos KLU); 'gmres': GMRES with "
        "the <Preconditioner>. 'auto': direct in 1D, for up to 20,000 "
        "DoFs in 2D and where the physics has a field without a block of "
        "its own (electroneutrality), gmres otherwise and whenever a "
        "<Preconditioner> is chosen (a direct solve of a 3D coupled system takes minutes "
        "already at 30,000 DoFs; in 2D GMRES is 2.3x faster at 70,000).");
      prm.declare_entry(
        "Preconditioner",
        "auto",
        Patterns::Selection("auto|amg|field split"),
        "The preconditioner of GMRES (the direct solver takes none). "
        "'amg': algebraic multigrid on the whole system, for fields of "
        "like units and scales. 'field split': a block preconditioner "
        "built from the diagonal block of each field, each with its own "
        "preconditioner (<Field preconditioners>), combined as <Field split "
        "variant> says; a physics adds to each block what it sees of the "
        "fields solved before it (Poisson-Nernst-Planck: the screening by "
        "the ions). 'auto': field split.");
      prm.declare_entry(
        "Field preconditioners",
        "",
        Patterns::Anything(),
        "With 'field split': the preconditioner of each field's block, as "
        "'field: type' pairs, e.g. 'u: amg, v: ilu'. Types: 'amg' "
        "(algebraic multigrid, for elliptic blocks), 'ilu' (incomplete LU), "
        "'jacobi' (the inverse diagonal), 'direct' (an exact solve of the "
        "block). Fields not listed get amg.");
      prm.declare_entry(
        "Field split variant",
        "gauss-seidel",
        Patterns::Selection("gauss-seidel|jacobi"),
        "With 'field split': 'jacobi' applies the blocks independently "
        "(block diagonal); 'gauss-seidel' solves the fields in the order of "
        "the physics, each with the coupling to the fields before it "
        "(block lower triangle; fewer iterations when the fields are "
        "coupled, one more matrix product per field).");
      prm.declare_entry("Linear tolerance",
                        "1e-10",
                        Patterns::Double(0),
                        "[-] GMRES stops when the preconditioned "
                        "residual has fallen by this factor (left "
                        "preconditioning: each field's part is in the "
                        "field's own units).");
      prm.declare_entry("Maximum linear iterations",
                        "1000",
                        Patterns::Integer(1),
                        "Iteration limit of GMRES.");
      prm.declare_entry("Time error fields",
                        "",
                        Patterns::Anything(),
                        "The fields whose change from the predictor "
                        "controls the time step, comma separated (empty: "
                        "every field with a time derivative).");
    }
    prm.leave_subsection();
    prm.enter_subsection("Initial conditions");
    for (const auto &f : field_names)
      prm.declare_entry(f,
                        "0",
                        Patterns::Anything(),
                        "The initial value of field " + f +
                          " as an expression of x, y, z and t.");
    prm.leave_subsection();
    prm.enter_subsection("Boundary conditions");
    for (const auto &f : field_names)
      {
        prm.enter_subsection(f);
        prm.declare_entry(
          "Types",
          "",
          Patterns::Anything(),
          "The condition of field " + f +
            " on each boundary, as 'name: type' pairs (" +
            PluginRegistry<BoundaryCondition<dim>>::instance().names() +
            "); boundaries not listed have no flux.");
        prm.leave_subsection();
      }
    prm.leave_subsection();
  }

  namespace
  {
    // The condition of each boundary for one field.
    template <int dim>
    NamedPlugins<BoundaryCondition<dim>>
    field_conditions(const std::string &field)
    {
      return {"Boundary conditions/" + field,
              "Types",
              MeshPart::boundary,
              "type"};
    }
  } // namespace

  template <int dim>
  void
  CoupledPhysics<dim>::declare_named_system_parameters(
    ParameterHandler               &prm,
    const NamedSections             which,
    const std::vector<std::string> &field_names)
  {
    for (const auto &f : field_names)
      field_conditions<dim>(f).declare_sections(prm, which);
  }

  template <int dim>
  void
  CoupledPhysics<dim>::initialize(const SimulatorContext<dim> &ctx,
                                  ParameterHandler            &prm)
  {
    this->store_context(ctx);
    const FieldDescriptions fields = this->fields();

    prm.enter_subsection("Solver");
    newton.parse_parameters(prm, fields.size(), "Solver");
    linear_tolerance      = prm.get_double("Linear tolerance");
    max_linear_iterations = prm.get_integer("Maximum linear iterations");

    preconditioner = prm.get("Preconditioner");
    linear_solver  = prm.get("Linear solver");
    if (linear_solver == "auto" && preconditioner != "auto")
      linear_solver = "gmres";
    field_split                       = parse_field_split(fields,
                                    prm.get("Field preconditioners"),
                                    prm.get("Field split variant"));
    field_split.higher_order_elements = degree > 1;
    AssertThrow(preconditioner != "field split" || linear_solver == "gmres",
                ExcMessage("<Solver/Preconditioner> = " + preconditioner +
                           " preconditions GMRES, but <Solver/Linear "
                           "solver> is " +
                           linear_solver + "; set it to gmres."));
    if (preconditioner == "auto")
      preconditioner = "field split";

    time_error_fields.clear();
    for (const unsigned int f : fields.select(prm.get("Time error fields"),
                                              "Solver/Time error fields"))
      if (fields[f].has_time_derivative)
        time_error_fields.push_back(f);
    prm.leave_subsection();

    prm.enter_subsection("Initial conditions");
    initial_values.clear();
    for (const auto &f : fields)
      {
        initial_values.push_back(std::make_unique<ParsedExpression<dim>>());
        initial_values.back()->initialize(prm.get(f.name),
                                          "Initial conditions/" + f.name);
      }
    prm.leave_subsection();

    create_boundary_conditions(prm);
  }

  template <int dim>
  void
  CoupledPhysics<dim>::create_boundary_conditions(ParameterHandler &prm)
  {
    const FieldDescriptions fields = this->fields();
    conditions.clear();
    conditions.resize(fields.size());
    for (unsigned int f = 0; f < fields.size(); ++f)
      for (auto &bc : field_conditions<dim>(fields[f].name)
                        .create(prm, context.boundary_ids))
        conditions[f][bc.id] = std::move(bc.plugin);
  }

  template <int dim>
  void
  CoupledPhysics<dim>::setup_dofs()
  {
    const FieldDescriptions fields = this->fields();
    if (!fe)
      fe = std::make_unique<FESystem<dim>>(FE_Q<dim>(degree),
                                           fields.n_components());
    this->distribute_dofs(*fe);
    make_constraints(time);
    this->reinit_jacobian(hanging_constraints, false);
    this->reinit_vectors(context.steady ? 0 : 3);
  }

  template <int dim>
  void
  CoupledPhysics<dim>::make_constraints(const double      t,
                                        const VectorType *from,
                                        const double      s)
  {
    const FieldDescriptions fields = this->fields();
    this->reset_constraints();
    essential_owner.clear();
    // The field of each essential DoF (field_dofs holds owned DoFs only).
    std::map<types::global_dof_index, unsigned int> field_of;
    // Essential values at the support points of each field on its
    // boundaries; a DoF on two boundaries reports to the lower id.
    std::map<types::global_dof_index, Point<dim>> points;
    DoFTools::map_dofs_to_support_points(*context.mapping, dof_handler, points);
    std::vector<types::global_dof_index> dofs(fe->n_dofs_per_cell());
    const auto                           absent = absent_dofs(fields);
    // Ghost cells too: every rank that sees a DoF must constrain it alike,
    // also where only a ghost cell has the boundary face (a boundary vertex
    // that an owned cell touches with a corner only).
    for (const auto &cell : dof_handler.active_cell_iterators())
      if (!cell->is_artificial() && cell->at_boundary())
        for (const auto f : cell->face_indices())
          if (cell->face(f)->at_boundary())
            {
              const auto id = cell->face(f)->boundary_id();
              cell->get_dof_indices(dofs);
              for (unsigned int i = 0; i < dofs.size(); ++i)
                {
                  if (!fe->has_support_on_face(i, f))
                    continue;
                  const unsigned int field =
                    fe->system_to_component_index(i).first;
                  const auto bc = conditions[field].find(id);
                  if (bc == conditions[field].end() ||
                      !bc->second->is_essential() ||
                      hanging_constraints.is_constrained(dofs[i]) ||
                      absent.count(dofs[i]) != 0)
                    continue;
                  auto owner = essential_owner.find(dofs[i]);
                  if (owner == essential_owner.end() || owner->second > id)
                    essential_owner[dofs[i]] = id;
                  field_of[dofs[i]] = field;
                }
            }
    const auto name_of_boundary = [&](const types::boundary_id id) {
      for (const auto &b : context.boundary_ids)
        if (b.second == id)
          return b.first;
      return std::to_string(id);
    };
    std::string bad_value;
    for (const auto &d : essential_owner)
      {
        const unsigned int field = field_of.at(d.first);
        double             value =
          conditions[field].at(d.second)->concentration(points.at(d.first), t);
        if (!std::isfinite(value) && bad_value.empty())
          bad_value = "The condition of field " + fields[field].name +
                      " on boundary <" + name_of_boundary(d.second) +
                      "> gives the value " + Utilities::to_string(value) +
                      " at time " + Utilities::to_string(t) +
                      ": check its expression (<Boundary conditions/" +
                      fields[field].name + "/" + name_of_boundary(d.second) +
                      ">).";
        if (fields[field].logarithmic)
          {
            if (!(value > 0) && bad_value.empty())
              bad_value = "The condition of field " + fields[field].name +
                          " on boundary <" + name_of_boundary(d.second) +
                          "> gives the value " + Utilities::to_string(value) +
                          ", but the field is solved for its logarithm and "
                          "must stay positive; give a small positive "
                          "value instead.";
            value = std::log(std::max(value, 1e-300));
          }
        if (from != nullptr)
          value = (*from)[d.first] + s * (value - (*from)[d.first]);
        if (!constraints.is_constrained(d.first))
          {
            constraints.add_line(d.first);
            constraints.set_inhomogeneity(d.first, value);
            zero_constraints.add_line(d.first);
          }
      }
    for (const auto d : absent)
      {
        constraints.add_line(d);
        zero_constraints.add_line(d);
      }
    constraints.close();
    zero_constraints.close();
    throw_if_any_rank(bad_value, context.mpi_communicator);
  }

  template <int dim>
  std::set<types::global_dof_index>
  CoupledPhysics<dim>::absent_dofs(const FieldDescriptions &fields) const
  {
    std::set<types::global_dof_index> candidates, present;
    bool                              any = false;
    for (const auto &f : fields)
      any |= !f.absent_regions.empty();
    if (!any)
      return candidates;
    // The owned and ghost cells hold every cell around a DoF of an owned
    // cell, so each rank decides alike about the DoFs it shares.
    std::vector<types::global_dof_index> dofs(fe->n_dofs_per_cell());
    for (const auto &cell : dof_handler.active_cell_iterators())
      if (!cell->is_artificial())
        {
          cell->get_dof_indices(dofs);
          for (unsigned int i = 0; i < dofs.size(); ++i)
            {
              const auto &field =
                fields[fe->system_to_component_index(i).first];
              if (field.exists_in(cell->material_id()))
                present.insert(dofs[i]);
              else if (cell->is_locally_owned() &&
                       !hanging_constraints.is_constrained(dofs[i]))
                candidates.insert(dofs[i]);
            }
        }
    std::set<types::global_dof_index> absent;
    std::set_difference(candidates.begin(),
                        candidates.end(),
                        present.begin(),
                        present.end(),
                        std::inserter(absent, absent.begin()));
    return absent;
  }

  template <int dim>
  void
  CoupledPhysics<dim>::set_initial_condition()
  {
    VectorType owned(locally_owned_dofs, context.mpi_communicator);
    VectorTools::interpolate(*context.mapping,
                             dof_handler,
                             FieldsFunction<dim>(initial_values, time),
                             owned);
    take_logarithms(owned, "Initial conditions");
    continuation_base.reinit(locally_owned_dofs,
                             locally_relevant_dofs,
                             context.mpi_communicator);
    continuation_base = owned;
    make_constraints(time);
    this->start_from(owned);
  }

  template <int dim>
  NewtonSolver<VectorType>
  CoupledPhysics<dim>::make_newton(const TimeStepData &data)
  {
    NewtonSolver<VectorType> solver(newton);
    solver.field_dofs = field_dofs;
    for (const auto &f : this->fields())
      solver.field_scales.push_back(f.logarithmic ? std::max(f.scale, 1.0) :
                                                    std::max(f.scale, 1e-300));
    solver.assemble = [this, data](const VectorType &v,
                                   const bool        with_jacobian) {
      solution = v;
      assemble(data, with_jacobian, zero_constraints, residual);
    };
    solver.residual_norm    = [this]() { return weighted_residual_norm(); };
    solver.solve_linearized = [this](VectorType &du) {
      return solve_linearized(du);
    };
    return solver;
  }

  template <int dim>
  StepResult
  CoupledPhysics<dim>::solve_step(const TimeStepData &data)
  {
    StepResult result;
    this->begin_step(data);
    make_constraints(data.time);
    VectorType u(locally_owned_dofs, context.mpi_communicator);
    this->predict(data, u);
    const VectorType predictor(u);

    // The ghosted past states for the rates of logarithmic fields.
    past_states.clear();
    const auto vectors = states.state_vectors(solution);
    for (unsigned int k = 0; k < data.beta.size(); ++k)
      past_states.push_back(vectors[k + 1]);

    make_newton(data).solve(u, false, result);
    if (!result.converged && result.failure_type != StepFailure::linear_solver)
      continue_in_boundary_values(data, predictor, u, result);
    if (!result.converged)
      result.failure += "; last residual per field: " + residual_per_field();

    this->end_step(u);
    if (result.converged)
      continuation_base = solution;
    if (result.converged && data.error_constant > 0)
      result.error_estimate = data.error_constant * time_error(predictor, u);
    return result;
  }

  template <int dim>
  void
  CoupledPhysics<dim>::continue_in_boundary_values(const TimeStepData &data,
                                                   const VectorType &predictor,
                                                   VectorType       &u,
                                                   StepResult       &result)
  {
    const auto solver = make_newton(data);
    VectorType last(predictor);
    make_constraints(data.time, &continuation_base, 0.0);
    constraints.distribute(last);
    double s = 0, ds = 0.5;
    while (s < 1 && ds >= 1.0 / 1024)
      {
        const double s_try = std::min(1.0, s + ds);
        make_constraints(data.time, &continuation_base, s_try);
        natural_scale = context.steady ? s_try : 1.0;
        VectorType trial(last);
        constraints.distribute(trial);
        StepResult partial;
        solver.solve(trial, false, partial);
        result.nonlinear_iterations += partial.nonlinear_iterations;
        result.linear_iterations += partial.linear_iterations;
        ++result.continuation_steps;
        if (partial.converged)
          {
            s    = s_try;
            last = trial;
            ds *= 2;
          }
        else
          ds /= 4;
      }
    make_constraints(data.time);
    natural_scale = 1;
    if (s < 1)
      {
        result.failure += "; continuation in the boundary values stopped at " +
                          Utilities::to_string(s) + " of the step";
        return;
      }
    u                   = last;
    result.converged    = true;
    result.failure_type = StepFailure::none;
    result.failure.clear();
  }

  template <int dim>
  double
  CoupledPhysics<dim>::weighted_residual_norm() const
  {
    const FieldDescriptions fields = this->fields();
    double                  sum    = 0;
    for (unsigned int f = 0; f < fields.size(); ++f)
      {
        const double k = fields[f].equation_scale;
        for (const auto i : field_dofs[f])
          sum += k * k * residual[i] * residual[i];
      }
    return std::sqrt(Utilities::MPI::sum(sum, context.mpi_communicator));
  }

  template <int dim>
  std::string
  CoupledPhysics<dim>::residual_per_field() const
  {
    const FieldDescriptions fields = this->fields();
    std::vector<double>     norms(fields.size(), 0.0);
    for (unsigned int f = 0; f < fields.size(); ++f)
      for (const auto i : field_dofs[f])
        norms[f] += residual[i] * residual[i];
    Utilities::MPI::sum(norms, context.mpi_communicator, norms);
    std::string text;
    for (unsigned int f = 0; f < fields.size(); ++f)
      {
        std::ostringstream norm;
        norm << std::setprecision(3) << std::sqrt(norms[f]);
        text += (f ? ", " : "") + fields[f].name + " " + norm.str();
      }
    return text;
  }

  template <int dim>
  double
  CoupledPhysics<dim>::time_error(const VectorType &predictor,
                                  const VectorType &u) const
  {
    // The largest change from the predictor relative to the field's size,
    // over the chosen fields.
    const FieldDescriptions fields = this->fields();
    const unsigned int      n      = time_error_fields.size();
    std::vector<double>     norms(2 * n, 0.0);
    for (unsigned int k = 0; k < n; ++k)
      {
        const auto &f = fields[time_error_fields[k]];
        norms[n + k]  = f.logarithmic ? std::max(f.scale, 1.0) : f.scale;
      }
    for (unsigned int k = 0; k < n; ++k)
      for (const auto i : field_dofs[time_error_fields[k]])
        {
          norms[k]     = std::max(norms[k], std::abs(u[i] - predictor[i]));
          norms[n + k] = std::max(norms[n + k], std::abs(u[i]));
        }
    Utilities::MPI::max(norms, context.mpi_communicator, norms);
    double error = 0;
    for (unsigned int k = 0; k < n; ++k)
      error = std::max(error, norms[k] / std::max(norms[n + k], 1e-300));
    return error;
  }

  template <int dim>
  void
  CoupledPhysics<dim>::after_state_transfer(const bool)
  {
    states.take_transferred(solution, hanging_constraints);
    continuation_base.reinit(locally_owned_dofs,
                             locally_relevant_dofs,
                             context.mpi_communicator);
    continuation_base = solution;
  }

  template <int dim>
  void
  CoupledPhysics<dim>::add_output_fields(DataOut<dim> &data_out) const
  {
    std::vector<std::string> names;
    for (const auto &f : this->fields())
      for (unsigned int c = 0; c < f.n_components; ++c)
        names.push_back(f.name);
    output_values = solution;
    VectorType owned(locally_owned_dofs, context.mpi_communicator);
    owned             = solution;
    const auto fields = this->fields();
    for (unsigned int f = 0; f < fields.size(); ++f)
      if (fields[f].logarithmic)
        for (const auto i : field_dofs[f])
          owned[i] = std::exp(static_cast<double>(owned[i]));
    owned.compress(VectorOperation::insert);
    output_values = owned;
    data_out.add_data_vector(dof_handler, output_values, names);
  }

  template <int dim>
  void
  CoupledPhysics<dim>::take_logarithms(VectorType        &u,
                                       const std::string &what) const
  {
    const FieldDescriptions fields = this->fields();
    std::string             bad;
    for (unsigned int f = 0; f < fields.size(); ++f)
      if (fields[f].logarithmic)
        for (const auto i : field_dofs[f])
          {
            const double v = u[i];
            if (!(v > 0) && bad.empty())
              bad = "Parameter <" + what + "/" + fields[f].name +
                    ">: the field is solved for its logarithm and must be "
                    "positive, but its value is " +
                    Utilities::to_string(v) + " somewhere.";
            u[i] = std::log(std::max(v, 1e-300));
          }
    u.compress(VectorOperation::insert);
    throw_if_any_rank(bad, context.mpi_communicator);
  }

  template class CoupledPhysics<1>;
  template class CoupledPhysics<2>;
  template class CoupledPhysics<3>;
} // namespace Fluxion
